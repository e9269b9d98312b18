/* The SQLite schema of the store and its forward migrations. */
#ifndef CS_STORE_SCHEMA_H
#define CS_STORE_SCHEMA_H

#include <stdint.h>

/* DDL of schema version 1 (kept to document what migration 1 -> 2 starts
 * from, and to build the test fixture). */
extern const char cs_schema_v1[];

/* Migration `from` -> `from + 1`, as SQL run in one transaction;
 * migrations[i] upgrades version i + 1 to i + 2. */
extern const char *const cs_schema_migrations[];
extern const int32_t cs_schema_migration_count;

#endif
