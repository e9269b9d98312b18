/* roster_tree: imports a roster CSV and prints each team with its head
 * count per level and its reporting tree.
 *
 *   roster_tree [path/to/roster.csv]
 */
#include <csvc.h>

#include <stdio.h>
#include <string.h>

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Prints the members of `team` who report to `supervisor`, then theirs. */
static void print_reports(const csvc_roster *roster, const char *team, const char *supervisor,
                          int depth)
{
    size_t n = csvc_roster_agent_count(roster);
    for (size_t i = 0; i < n; i++) {
        csvc_agent_info a;
        csvc_roster_agent_at(roster, i, &a);
        if (!same(a.team_id, team) || !same(a.supervisor_id, supervisor))
            continue;
        printf("%*s- %s %s (%s)%s\n", 4 + 2 * depth, "", a.id, a.name, csvc_level_name(a.level),
               a.active ? "" : " [inactive]");
        print_reports(roster, team, a.id, depth + 1);
    }
}

/* Team members whose supervisor is outside the team start a branch. */
static void print_team_tree(const csvc_roster *roster, const char *team)
{
    size_t n = csvc_roster_agent_count(roster);
    for (size_t i = 0; i < n; i++) {
        csvc_agent_info a, sup;
        csvc_roster_agent_at(roster, i, &a);
        if (!same(a.team_id, team))
            continue;
        int root = !a.supervisor_id ||
                   (csvc_roster_get_agent(roster, a.supervisor_id, &sup) == CSVC_OK &&
                    !same(sup.team_id, team));
        if (!root)
            continue;
        printf("    - %s %s (%s)%s", a.id, a.name, csvc_level_name(a.level),
               a.active ? "" : " [inactive]");
        if (a.supervisor_id)
            printf(", reports to %s", a.supervisor_id);
        printf("\n");
        print_reports(roster, team, a.id, 1);
    }
}

static void print_team(const csvc_roster *roster, const csvc_team_info *t)
{
    printf("%s [%s]", t->name, t->id);
    if (t->lead_id) {
        csvc_agent_info lead;
        csvc_roster_get_agent(roster, t->lead_id, &lead);
        printf(", lead %s %s", lead.id, lead.name);
    }
    printf("\n  active head count:");
    size_t total = 0;
    for (int level = 0; level < CSVC_LEVEL_COUNT; level++) {
        size_t count = 0;
        csvc_roster_headcount(roster, t->id, (csvc_level)level, 1, &count);
        printf(" %s %zu%s", csvc_level_name((csvc_level)level), count,
               level + 1 < CSVC_LEVEL_COUNT ? "," : "");
        total += count;
    }
    printf(" (total %zu)\n", total);
    print_team_tree(roster, t->id);
}

/* --help prints the usage; an unknown option or too many arguments is an
 * error (exit 2). Returns -1 to go on. */
static int check_arguments(int argc, char **argv)
{
    static const char usage[] = "usage: roster_tree [roster.csv]\n"
        "  Imports the roster (default examples/data/roster.csv) and prints each team\n"
        "  with its head count per level and its reporting tree.\n";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (argv[i][0] == '-' || i > 1) {
            fprintf(stderr, "roster_tree: unexpected argument '%s'\n%s", argv[i], usage);
            return 2;
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    int early = check_arguments(argc, argv);
    if (early >= 0)
        return early;
    const char *path = argc > 1 ? argv[1] : "examples/data/roster.csv";
    csvc_roster *roster;
    if (csvc_roster_new(NULL, &roster) != CSVC_OK) {
        fprintf(stderr, "roster_tree: %s\n", csvc_last_errmsg());
        return 1;
    }
    csvc_status rc = csvc_roster_import_csv(roster, path);
    if (rc != CSVC_OK) {
        fprintf(stderr, "roster_tree: %s: %s (%s)\n", path, csvc_roster_errmsg(roster),
                csvc_status_name(rc));
        csvc_roster_free(roster);
        return 1;
    }
    size_t nteams = csvc_roster_team_count(roster), nagents = csvc_roster_agent_count(roster);
    printf("libcsvc %s: %zu agents in %zu teams (%s)\n\n", csvc_version(), nagents, nteams, path);
    for (size_t i = 0; i < nteams; i++) {
        csvc_team_info t;
        csvc_roster_team_at(roster, i, &t);
        print_team(roster, &t);
        printf("\n");
    }
    csvc_roster_free(roster);
    return 0;
}
