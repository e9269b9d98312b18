/* What the other modules may use of incentives beyond csvc/incentive.h:
 * the documents the store keeps (a plan as loaded, a result's statements)
 * and the points ledger's journal. */
#ifndef CS_INCENTIVE_SEAM_H
#define CS_INCENTIVE_SEAM_H

#include "csvc/incentive.h"
#include "journal.h"
#include "strbuf.h"

/* The plan's JSON document as loaded (NUL-terminated, no byte-order mark). */
const char *cs_incentive_plan_document(const csvc_incentive_plan *plan);

/* The document of the plan a result was evaluated with. */
const char *cs_incentive_result_plan_document(const csvc_incentive_result *res);
/* Statement `index` as the JSON object csvc_incentive_result_export_json_buffer()
 * lists (`index` below the statement count). */
void cs_inc_statement_json(const csvc_incentive_result *res, size_t index, cs_strbuf *sb);

/* ---- the points ledger's journal (util/journal.h) ---- */

/* The one journal kind: a movement, detail a cs_points_move. A
 * csvc_points_ledger_commit() is a group of them. */
#define CS_POINTS_MOVED 1

typedef struct cs_points_move {
    const char *agent;
    int64_t time, points; /* > 0 accrued, < 0 redeemed */
} cs_points_move;

cs_journal *cs_points_journal(csvc_points_ledger *ledger);
int32_t cs_points_expiry_months(const csvc_points_ledger *ledger);
size_t cs_points_move_count(const csvc_points_ledger *ledger);
/* Visits every movement, agent by agent in the order they first moved,
 * each agent's in time order; a non-zero return stops and is returned. */
int cs_points_foreach(const csvc_points_ledger *ledger,
                      int (*fn)(const cs_points_move *move, void *user_data), void *user_data);
/* Applies a stored movement without journaling it, with the checks of
 * accrue and redeem (order in time, balance); the ledger's message names
 * what does not apply. */
csvc_status cs_points_restore(csvc_points_ledger *ledger, const cs_points_move *move);
/* Back to no movements (an all-or-nothing attach that failed). */
void cs_points_clear(csvc_points_ledger *ledger);

#endif
