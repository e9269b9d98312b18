/* Schema history.
 *
 * v1: meta (schema_version), teams and agents by roster position, events
 *     with their sequence number, fields and chain hash.
 * v2: events.version (the ticket's event count after the event), which the
 *     optimistic concurrency check and diagnostics read; backfilled.
 * v3: KPI reviews: reviews (period, model version and document, closed),
 *     their ratings and objective values; chain_head, the newest event's
 *     sequence number and hash (one row, updated in place by every append
 *     transaction, so that removing the newest events shows).
 *
 * A v1 database can be made from a v2 one (for the migration fixture) with:
 *   ALTER TABLE events DROP COLUMN version;
 *   UPDATE meta SET value = '1' WHERE key = 'schema_version'; */
#include "schema.h"

const char cs_schema_v1[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE teams ("
    "  pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, lead TEXT);"
    "CREATE TABLE agents ("
    "  pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    "  team TEXT NOT NULL REFERENCES teams(id), level INTEGER NOT NULL,"
    "  hire_date INTEGER NOT NULL, supervisor TEXT, skills INTEGER NOT NULL,"
    "  active INTEGER NOT NULL, base_pay INTEGER NOT NULL, currency TEXT NOT NULL);"
    "CREATE TABLE events ("
    "  seq INTEGER PRIMARY KEY, ticket TEXT NOT NULL, type INTEGER NOT NULL,"
    "  time INTEGER NOT NULL, actor TEXT, agent TEXT, team TEXT, customer TEXT,"
    "  related TEXT, code TEXT, channel INTEGER NOT NULL, category INTEGER NOT NULL,"
    "  priority INTEGER NOT NULL, value INTEGER NOT NULL, hash BLOB NOT NULL);"
    "INSERT INTO meta VALUES ('schema_version', '1');";

static const char migrate_1_to_2[] =
    "ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"
    "UPDATE events SET version = (SELECT COUNT(*) FROM events AS e"
    "  WHERE e.ticket = events.ticket AND e.seq <= events.seq);"
    "UPDATE meta SET value = '2' WHERE key = 'schema_version';";

static const char migrate_2_to_3[] =
    "CREATE TABLE reviews ("
    "  id TEXT PRIMARY KEY, period_start INTEGER NOT NULL, period_end INTEGER NOT NULL,"
    "  model_version TEXT NOT NULL, model TEXT NOT NULL, closed INTEGER NOT NULL);"
    "CREATE TABLE ratings ("
    "  review TEXT NOT NULL REFERENCES reviews(id), rater TEXT NOT NULL, ratee TEXT NOT NULL,"
    "  kpi TEXT NOT NULL, rater_group INTEGER NOT NULL, value REAL NOT NULL,"
    "  time INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  PRIMARY KEY (review, rater, ratee, kpi));"
    "CREATE TABLE objectives ("
    "  review TEXT NOT NULL REFERENCES reviews(id), agent TEXT NOT NULL, kpi TEXT NOT NULL,"
    "  value REAL NOT NULL, PRIMARY KEY (review, agent, kpi));"
    "CREATE TABLE chain_head ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL);"
    "UPDATE meta SET value = '3' WHERE key = 'schema_version';";

const char *const cs_schema_migrations[] = {migrate_1_to_2, migrate_2_to_3};
const int32_t cs_schema_migration_count = 2;
