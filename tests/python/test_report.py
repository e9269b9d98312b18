"""examples/python/monthly_review.py on the sample month: its JSON equals
`csvc review --json` value for value, its HTML report stands alone (no
request outside the file, tables when matplotlib is missing), and headless
Chromium renders it: a screenshot that is not blank and every chart image
loaded."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png_pixels  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "examples", "python", "monthly_review.py")
CLI = os.environ.get("CSVC_CLI")
CHARTS = 5  # targets, SLA per day, KPI distribution, payout, staffing
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None

# Appended to a copy of the report (whose Content Security Policy would
# refuse it): what the page loaded, once it has.
PROBE = """<script>
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var out = {images: images.length,
             loaded: images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
             requests: performance.getEntriesByType("resource").map(function (r) { return r.name; })};
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def run_script(*args, block_matplotlib=False):
    code = ("import runpy, sys\n"
            "if %r: sys.modules['matplotlib'] = None\n"
            "sys.argv = [%r] + %r\n"
            "runpy.run_path(%r, run_name='__main__')\n"
            % (block_matplotlib, SCRIPT, list(args), SCRIPT))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def browser_env():
    """The environment without the ASan runtime the library's tests preload."""
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS")}
    env.setdefault("HOME", tempfile.gettempdir())
    return env


@unittest.skipUnless(CLI, "CSVC_CLI (the csvc program) not given")
class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, "month")
        subprocess.run([sys.executable, os.path.join(REPO, "examples", "data", "month",
                                                     "generate.py"), cls.data],
                       check=True, stdout=subprocess.DEVNULL)
        cls.c_json = os.path.join(cls.tmp.name, "c.json")
        done = subprocess.run([CLI, "review", "--data", cls.data, "--db",
                               os.path.join(cls.tmp.name, "review.db"), "--month", "2025-11",
                               "--json", cls.c_json], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        cls.py_json = os.path.join(cls.tmp.name, "py.json")
        cls.html = os.path.join(cls.tmp.name, "review.html")
        cls.done = run_script("--data", cls.data, "--month", "2025-11", "--json", cls.py_json,
                              "--html", cls.html)
        assert cls.done.returncode == 0, cls.done.stderr
        with open(cls.html, encoding="utf-8") as f:
            cls.page = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_prints_the_report_path(self):
        self.assertEqual(self.done.stdout.strip(), self.html)

    def test_json_equals_the_c_program(self):
        with open(self.c_json, encoding="utf-8") as f:
            c = json.load(f)
        with open(self.py_json, encoding="utf-8") as f:
            py = json.load(f)
        self.assertEqual(list(py), list(c))
        for key in c:
            self.assertEqual(py[key], c[key], key)
        self.assertEqual(py["training"]["covered"], 35)  # not two empty documents

    def test_the_latest_month_is_the_default(self):
        out = os.path.join(self.tmp.name, "latest.json")
        done = run_script("--data", self.data, "--json", out, "--html",
                          os.path.join(self.tmp.name, "latest.html"))
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(out, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["month"], "2025-11")

    def test_errors_name_the_input(self):
        done = run_script("--data", os.path.join(self.tmp.name, "nowhere"))
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("nowhere: no such directory", done.stderr)
        done = run_script("--data", self.data, "--month", "2025-13")
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("expected YYYY-MM", done.stderr)
        done = run_script("--data", self.data, "--month", "2024-01", "--html",
                          os.path.join(self.tmp.name, "none.html"))
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("no tickets handled in 2024-01", done.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "none.html")))

    def test_the_page_stands_alone(self):
        self.assertNotRegex(self.page, r"(?i)<(script|link|iframe|object|embed)\b")
        self.assertNotRegex(self.page, r"(?i)url\(")
        for ref in re.findall(r'(?i)\b(?:src|href)\s*=\s*"([^"]*)"', self.page):
            self.assertTrue(ref.startswith("data:image/png;base64,"), ref[:60])
        self.assertIn("default-src 'none'", self.page)
        for text in ("Month-end review 2025-11", "Returns and exchanges 退换货",
                     "Requirements not met (6)", "after-sales-monthly"):
            self.assertIn(text, self.page)
        self.assertEqual(self.page.count("<img"), CHARTS if HAS_MATPLOTLIB else 0)

    def test_tables_without_matplotlib(self):
        path = os.path.join(self.tmp.name, "plain.html")
        done = run_script("--data", self.data, "--month", "2025-11", "--html", path,
                          block_matplotlib=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(path, encoding="utf-8") as f:
            page = f.read()
        self.assertNotIn("<img", page)
        self.assertIn("matplotlib is not installed: tables only", page)
        self.assertIn("SLA compliance per day", page)
        # The per-hour staffing table: required/scheduled in each cell.
        self.assertRegex(page, r"<td>\d+/\d+</td>")

    def chromium(self, *args):
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if not browser:
            self.skipTest("chromium is not installed (apt-get install chromium)")
        profile = tempfile.mkdtemp(dir=self.tmp.name)
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-extensions", "--user-data-dir=" + profile,
               "--virtual-time-budget=10000"] + list(args)
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                                  env=browser_env())
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.skipTest("chromium could not run: %s" % exc)
        if done.returncode != 0 and "--dump-dom" in args and not done.stdout:
            self.skipTest("chromium could not start: %s" % done.stderr[-300:])
        return done

    def test_chromium_loads_every_chart_and_nothing_else(self):
        probed = os.path.join(self.tmp.name, "probed.html")
        page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", self.page)
        with open(probed, "w", encoding="utf-8") as f:
            f.write(page.replace("</body>", PROBE + "</body>"))
        done = self.chromium("--dump-dom", "file://" + probed)
        found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout)
        self.assertIsNotNone(found, done.stderr[-500:])
        probe = json.loads(found.group(1).replace("&quot;", '"'))
        self.assertEqual(probe["images"], CHARTS if HAS_MATPLOTLIB else 0)
        self.assertEqual(probe["loaded"], probe["images"])
        self.assertEqual(probe["requests"], [])

    def test_chromium_screenshot_is_not_blank(self):
        shot = os.path.join(self.tmp.name, "shot.png")
        done = self.chromium("--screenshot=" + shot, "--window-size=900,700",
                             "file://" + self.html)
        if not os.path.exists(shot):
            self.skipTest("chromium wrote no screenshot: %s" % done.stderr[-300:])
        width, height, rows = png_pixels.read_rgb(shot)
        self.assertEqual((width, height), (900, 700))
        pixels = [p for row in rows for p in row]
        background = max(set(pixels[::97]), key=pixels[::97].count)
        inked = sum(1 for p in pixels if p != background) / len(pixels)
        self.assertGreater(inked, 0.03)
        self.assertGreater(len(set(pixels)), 50)
        if HAS_MATPLOTLIB:
            # The targets chart at the top: its green (met) and red (missed) cells.
            def near(colour):
                return any(sum(abs(a - b) for a, b in zip(p, colour)) < 30 for p in pixels)
            self.assertTrue(near((0x1a, 0x98, 0x50)), "no 'met' cell in the screenshot")
            self.assertTrue(near((0xd7, 0x30, 0x27)), "no 'missed' cell in the screenshot")


if __name__ == "__main__":
    unittest.main()
