/* Command-line options shared by the subcommands. */
#include "cli.h"

#include <string.h>

/* "YYYY-MM" with a month 1..12 and a year 1970..9999. */
static int parse_month(const char *s, int32_t *year, int32_t *month)
{
    if (strlen(s) != 7 || s[4] != '-')
        return 0;
    int32_t y = 0, m = 0;
    for (int i = 0; i < 7; i++) {
        if (i == 4)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return 0;
        if (i < 4)
            y = y * 10 + (s[i] - '0');
        else
            m = m * 10 + (s[i] - '0');
    }
    if (y < 1970 || m < 1 || m > 12)
        return 0;
    *year = y;
    *month = m;
    return 1;
}

int cli_parse_args(int argc, char **argv, int first, const char *command, cli_args *out)
{
    memset(out, 0, sizeof *out);
    out->data = CSVC_DEFAULT_DATA;
    out->db = CSVC_DEFAULT_DB;
    static const char *const takes_value[] = {"--data", "--db", "--json", "--csv", "--month"};
    for (int i = first; i < argc; i++) {
        const char *opt = argv[i];
        int known = 0;
        for (size_t k = 0; k < sizeof takes_value / sizeof *takes_value; k++)
            known |= strcmp(opt, takes_value[k]) == 0;
        if (!known) {
            fprintf(stderr, "csvc %s: unknown argument '%s' (see csvc --help)\n", command, opt);
            return CLI_USAGE;
        }
        if (i + 1 >= argc || !*argv[i + 1]) {
            fprintf(stderr, "csvc %s: %s needs a value\n", command, opt);
            return CLI_USAGE;
        }
        const char *value = argv[++i];
        if (strcmp(opt, "--data") == 0)
            out->data = value;
        else if (strcmp(opt, "--db") == 0)
            out->db = value;
        else if (strcmp(opt, "--json") == 0)
            out->json = value;
        else if (strcmp(opt, "--csv") == 0)
            out->csv = value;
        else if (!parse_month(value, &out->year, &out->month)) {
            fprintf(stderr, "csvc %s: --month '%s' is not a month YYYY-MM (2025-11)\n", command,
                    value);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}
