/* The points ledger: balances at instants around accruals, redemptions and
 * expiry (oldest lots first), expiry across month and year ends and on
 * short months, commits from an evaluation (all or nothing), and bad input.
 * Times are UTC; U(y, m, d, h) is Unix seconds. */
#include "fixtures.h"

#include "civil.h"

#include <string.h>

static int64_t U(int y, int m, int d, int h)
{
    return cs_days_from_civil(y, m, d) * 86400 + h * 3600;
}

static int64_t balance(const csvc_points_ledger *l, const char *agent, int64_t t)
{
    int64_t b;
    assert_csvc_ok(csvc_points_ledger_balance(l, agent, t, &b));
    return b;
}

static csvc_points_ledger *ledger(int months)
{
    csvc_points_ledger *l;
    assert_csvc_ok(csvc_points_ledger_new(NULL, months, &l));
    return l;
}

/* Lots of 100 (Oct 2025), 50 (Nov) and 30 (Dec), expiring after 3 months:
 * 2026-01-15, 2026-02-10, 2026-03-31. A redemption of 120 on 2025-12-20
 * takes the October lot and 20 of November's. */
static void test_fifo_redemption_and_expiry(void **state)
{
    (void)state;
    csvc_points_ledger *l = ledger(3);
    assert_csvc_ok(csvc_points_ledger_accrue(l, "A1", U(2025, 10, 15, 9), 100));
    assert_csvc_ok(csvc_points_ledger_accrue(l, "A1", U(2025, 11, 10, 9), 50));
    assert_csvc_ok(csvc_points_ledger_accrue(l, "A1", U(2025, 12, 31, 9), 30));
    assert_int_equal(balance(l, "A1", U(2025, 10, 15, 9) - 1), 0);
    assert_int_equal(balance(l, "A1", U(2025, 10, 15, 9)), 100);
    assert_int_equal(balance(l, "A1", U(2025, 12, 31, 9)), 180);
    /* Without the redemption: the October lot expires on 2026-01-15 09:00. */
    assert_int_equal(balance(l, "A1", U(2026, 1, 15, 9) - 1), 180);
    assert_int_equal(balance(l, "A1", U(2026, 1, 15, 9)), 80);
    csvc_points_ledger *r = ledger(3);
    assert_csvc_ok(csvc_points_ledger_accrue(r, "A1", U(2025, 10, 15, 9), 100));
    assert_csvc_ok(csvc_points_ledger_accrue(r, "A1", U(2025, 11, 10, 9), 50));
    assert_csvc_ok(csvc_points_ledger_redeem(r, "A1", U(2025, 12, 20, 9), 120));
    assert_csvc_ok(csvc_points_ledger_accrue(r, "A1", U(2025, 12, 31, 9), 30));
    assert_int_equal(balance(r, "A1", U(2025, 12, 31, 9)), 60);
    /* Nothing of October is left to expire; November's 30 go on 2026-02-10. */
    assert_int_equal(balance(r, "A1", U(2026, 1, 15, 9)), 60);
    assert_int_equal(balance(r, "A1", U(2026, 2, 10, 9)), 30);
    assert_int_equal(balance(r, "A1", U(2026, 3, 31, 9)), 0);
    int64_t gone;
    assert_csvc_ok(csvc_points_ledger_expired(r, "A1", U(2026, 1, 1, 0), U(2026, 4, 1, 0), &gone));
    assert_int_equal(gone, 60);
    assert_csvc_ok(csvc_points_ledger_expired(r, "A1", U(2026, 1, 1, 0), U(2026, 2, 10, 9), &gone));
    assert_int_equal(gone, 0); /* [from, to): the expiry at 09:00 is outside */
    csvc_points_ledger_free(r);
    csvc_points_ledger_free(l);
}

/* 31 January + 1 month is 28 February (29 in a leap year); 30 November +
 * 3 months crosses the year end to 28 February. */
static void test_expiry_on_short_months_and_year_ends(void **state)
{
    (void)state;
    csvc_points_ledger *l = ledger(1);
    assert_csvc_ok(csvc_points_ledger_accrue(l, "A", U(2025, 1, 31, 12), 10));
    assert_int_equal(balance(l, "A", U(2025, 2, 28, 12) - 1), 10);
    assert_int_equal(balance(l, "A", U(2025, 2, 28, 12)), 0);
    assert_csvc_ok(csvc_points_ledger_accrue(l, "B", U(2024, 1, 31, 0), 10));
    assert_int_equal(balance(l, "B", U(2024, 2, 28, 0)), 10);
    assert_int_equal(balance(l, "B", U(2024, 2, 29, 0)), 0);
    csvc_points_ledger_free(l);
    l = ledger(3);
    assert_csvc_ok(csvc_points_ledger_accrue(l, "A", U(2025, 11, 30, 0), 7));
    assert_int_equal(balance(l, "A", U(2026, 2, 27, 23)), 7);
    assert_int_equal(balance(l, "A", U(2026, 2, 28, 0)), 0);
    csvc_points_ledger_free(l);
    /* 0 months: never. */
    l = ledger(0);
    assert_csvc_ok(csvc_points_ledger_accrue(l, "A", U(2025, 1, 1, 0), 5));
    assert_int_equal(balance(l, "A", U(9999, 12, 31, 0)), 5);
    assert_int_equal(balance(l, "nobody", U(2025, 1, 1, 0)), 0);
    csvc_points_ledger_free(l);
}

static void test_commit_from_an_evaluation(void **state)
{
    (void)state;
    static const char plan[] =
        "{\"id\":\"P\",\"version\":1,\"currency\":\"CNY\",\"effective\":{\"from\":\"2025-01-01\","
        "\"to\":\"2025-12-31\"},\"rules\":[{\"id\":\"stars\",\"kind\":\"points\",\"metric\":"
        "\"five_star\",\"points_per_unit\":10}]}";
    csvc_incentive_plan *p;
    assert_csvc_ok(csvc_incentive_plan_load_json_buffer(plan, sizeof plan - 1, NULL, &p));
    csvc_incentive_inputs *in;
    assert_csvc_ok(csvc_incentive_inputs_new(NULL, &in));
    const char *ids[] = {"A1", "A2"};
    for (int i = 0; i < 2; i++) {
        csvc_incentive_agent a = CSVC_INCENTIVE_AGENT_INIT;
        a.agent_id = ids[i];
        a.team_id = "T";
        assert_ok(in, csvc_incentive_inputs_add_agent(in, &a));
    }
    assert_ok(in, csvc_incentive_inputs_set(in, "A1", "five_star", 7));
    csvc_period oct;
    assert_csvc_ok(csvc_period_of_month(2025, 10, 0, &oct));
    csvc_incentive_result *r;
    assert_csvc_ok(csvc_incentive_evaluate(p, in, &oct, &r));
    csvc_points_ledger *l = ledger(12);
    /* Evaluating changed nothing; committing accrues 70 at the period's end. */
    assert_int_equal(balance(l, "A1", oct.end), 0);
    assert_ok(l, csvc_points_ledger_commit(l, r));
    assert_int_equal(balance(l, "A1", oct.end - 1), 0);
    assert_int_equal(balance(l, "A1", oct.end), 70);
    assert_int_equal(balance(l, "A2", oct.end), 0);
    /* A later movement makes a second commit of October refuse, whole. */
    assert_ok(l, csvc_points_ledger_redeem(l, "A1", oct.end + 86400, 20));
    assert_status_msg(csvc_points_ledger_commit(l, r), CSVC_E_CONSTRAINT, "append-only");
    assert_int_equal(balance(l, "A1", oct.end + 86400), 50);
    csvc_points_ledger_free(l);
    csvc_incentive_result_free(r);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
}

static void test_bad_movements_change_nothing(void **state)
{
    (void)state;
    csvc_points_ledger *l = NULL;
    assert_status_msg(csvc_points_ledger_new(NULL, -1, &l), CSVC_E_RANGE, "expiry_months -1");
    assert_status_msg(csvc_points_ledger_new(NULL, 1201, &l), CSVC_E_RANGE, "expiry_months 1201");
    assert_null(l);
    l = ledger(6);
    int64_t t = U(2025, 6, 1, 0);
    assert_ok(l, csvc_points_ledger_accrue(l, "A", t, 40));
    assert_status_msg(csvc_points_ledger_redeem(l, "A", t + 1, 41), CSVC_E_CONSTRAINT,
                      "41 points asked, 40 available");
    assert_status_msg(csvc_points_ledger_accrue(l, "A", t - 1, 5), CSVC_E_CONSTRAINT,
                      "before the agent's last movement");
    assert_status_msg(csvc_points_ledger_accrue(l, "A", t, 0), CSVC_E_RANGE, "points 0");
    assert_status_msg(csvc_points_ledger_redeem(l, "A", t, -3), CSVC_E_RANGE, "points -3");
    assert_status_msg(csvc_points_ledger_accrue(l, "", t, 1), CSVC_E_INVALID, "");
    assert_status_msg(csvc_points_ledger_accrue(l, "A", INT64_MAX, 1), CSVC_E_RANGE,
                      "outside years 1..9999");
    assert_status_msg(csvc_points_ledger_accrue(l, "A", t, CSVC_POINTS_MAX + 1), CSVC_E_RANGE,
                      "out of range");
    assert_status_msg(csvc_points_ledger_accrue(NULL, "A", t, 1), CSVC_E_NULL, "ledger is NULL");
    int64_t b = 123;
    assert_status_msg(csvc_points_ledger_expired(l, "A", t, t - 1, &b), CSVC_E_RANGE,
                      "is not a period");
    assert_int_equal(b, 123);
    assert_int_equal(balance(l, "A", t + 10), 40); /* unchanged by the refusals */
    csvc_points_ledger_free(l);
}

/* A reference: balances recomputed from scratch with explicit lots. */
static void test_random_ledgers_against_a_replay(void **state)
{
    (void)state;
    srand(99);
    for (int round = 0; round < 200; round++) {
        int months = rand() % 4;
        csvc_points_ledger *l = ledger(months);
        int64_t t = U(2024, 1 + rand() % 12, 1 + rand() % 28, 0), lot_t[64], lot_left[64];
        int nlots = 0;
        for (int k = 0; k < 40; k++) {
            t += (rand() % 50) * 86400 + rand() % 3600;
            /* the reference expires lots before the movement */
            int64_t bal = 0;
            for (int i = 0; i < nlots; i++) {
                int32_t y, m, d;
                int64_t days = lot_t[i] / 86400, sec = lot_t[i] % 86400;
                cs_civil_from_days(days, &y, &m, &d);
                int mm = m - 1 + months, yy = y + mm / 12;
                mm = mm % 12 + 1;
                int last = cs_days_in_month(yy, mm);
                int64_t exp = months ? cs_days_from_civil(yy, mm, d < last ? d : last) * 86400 + sec
                                     : INT64_MAX;
                if (exp <= t)
                    lot_left[i] = 0;
                bal += lot_left[i];
            }
            assert_int_equal(balance(l, "A", t), bal);
            if (rand() % 3 == 0 && bal > 0) {
                int64_t take = 1 + rand() % bal;
                assert_ok(l, csvc_points_ledger_redeem(l, "A", t, take));
                for (int i = 0; i < nlots && take; i++) {
                    int64_t used = take < lot_left[i] ? take : lot_left[i];
                    lot_left[i] -= used;
                    take -= used;
                }
            } else if (nlots < 64) {
                int64_t p = 1 + rand() % 100;
                assert_ok(l, csvc_points_ledger_accrue(l, "A", t, p));
                lot_t[nlots] = t;
                lot_left[nlots++] = p;
            }
        }
        csvc_points_ledger_free(l);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_redemption_and_expiry),
        cmocka_unit_test(test_expiry_on_short_months_and_year_ends),
        cmocka_unit_test(test_commit_from_an_evaluation),
        cmocka_unit_test(test_bad_movements_change_nothing),
        cmocka_unit_test(test_random_ledgers_against_a_replay),
    };
    return cmocka_run_group_tests_name("points", tests, NULL, NULL);
}
