/* Erlang B, C and A for one interval, in units of the AHT.
 *
 * Erlang B is never formed from factorials or powers. Below the load it is
 * the inverse recurrence R(k) = 1 + (k/A) R(k-1), R = 1/B, unrolled from
 * the top: R(n) = sum_j t_j with t_0 = 1, t_{j+1} = t_j (n - j) / A. For
 * n <= floor(A) + 1 only the first ratio or two reach 1, so the terms stay
 * small and the sum near sqrt(A); once the ratio r is below 1 it keeps
 * falling, the rest of the series is bounded by t r / (1 - r), and the sum
 * stops after O(sqrt(A)) terms when that bound is below 2^-60 of the sum
 * (of its first terms, to keep the test cheap). Above the load
 * the ordinary recurrence B(k) = A B(k-1) / (k + A B(k-1)) runs upwards;
 * it keeps B in (0, 1].
 *
 * Erlang A follows the birth-death chain described in csvc/staffing.h:
 * the head (k < n) is (1 - B) / B times the weight of state n, and the tail
 * is summed in log space with the accumulators rescaled whenever a larger
 * weight appears, so that neither overflows. */
#include "staffing_internal.h"

#include <math.h>

double cs_erlang_inverse_b(double load, uint32_t n)
{
    double inv = 1.0 / load, inv2 = inv * inv, d = (double)n, sum = 1.0, t = 1.0;
    /* The leading terms whose ratio d / A is at least 1 (one or two, as
     * n <= floor(A) + 1); after them t = t_m with d = n - m. */
    while (d > 0.0 && d * inv >= 1.0) {
        t *= d * inv;
        sum += t;
        d -= 1.0;
    }
    if (d <= 0.0) /* n <= 1 (and 0 * inv would be NaN for a subnormal load) */
        return sum;
    /* Two interleaved chains halve the multiply latency: t_{k+2} =
     * t_k (n-k)(n-k-1) / A^2, whose numerator is an exact integer. Terms
     * past t_n are zero. */
    double a = t * (d * inv);         /* t_{m+1} */
    double b = a * ((d - 1.0) * inv); /* t_{m+2} */
    double sa = 0.0, sb = 0.0;
    for (;;) {
        sa += a;
        sb += b;
        a *= (d - 1.0) * (d - 2.0) * inv2; /* t_{m+3} */
        b *= (d - 2.0) * (d - 3.0) * inv2; /* t_{m+4} */
        sa += a;
        sb += b;
        /* The rest shrinks by at least r = (d - 4) / A < 1 a term. */
        if (!(b >= sum * 0x1p-60 * (1.0 - (d - 4.0) * inv)))
            break;
        a *= (d - 3.0) * (d - 4.0) * inv2; /* t_{m+5} */
        b *= (d - 4.0) * (d - 5.0) * inv2; /* t_{m+6} */
        d -= 4.0;
    }
    return sum + sa + sb;
}

double cs_erlang_b_value(double load, uint32_t n)
{
    if (n == 0)
        return 1.0;
    if (load <= 0.0)
        return 0.0;
    uint32_t k;
    double b;
    if (load < 1.0) {
        /* B(1) directly: 1/A may overflow for a tiny load. */
        k = 1;
        b = load / (1.0 + load);
    } else {
        double top = floor(load) + 1.0;
        if ((double)n <= top)
            return 1.0 / cs_erlang_inverse_b(load, n);
        k = (uint32_t)top;
        b = 1.0 / cs_erlang_inverse_b(load, k);
    }
    while (k < n) {
        k++;
        b = load * b / ((double)k + load * b);
    }
    return b;
}

void cs_erlang_c_measures(const cs_model *m, uint32_t n, double b, cs_erlang *out)
{
    double a = m->load;
    out->abandon = 0.0;
    if (a <= 0.0) {
        out->p_wait = 0.0;
        out->service_level = 1.0;
        out->asa = 0.0;
        out->occupancy = 0.0;
        return;
    }
    if ((double)n <= a) {
        /* No steady state: the queue grows for ever. */
        out->p_wait = 1.0;
        out->service_level = 0.0;
        out->asa = INFINITY;
        out->occupancy = n > 0 ? 1.0 : 0.0;
        return;
    }
    double dn = (double)n, gap = dn - a;
    double c = dn * b / (dn - a * (1.0 - b));
    if (c > 1.0)
        c = 1.0;
    out->p_wait = c;
    out->service_level = 1.0 - c * exp(-gap * m->target);
    out->asa = c / gap * m->aht;
    out->occupancy = a / dn;
}

/* Accumulators of the Erlang A chain, all scaled by exp(-max). Answered
 * and lost contacts are summed apart so that neither is a difference. */
typedef struct tail_sums {
    double max;    /* log of the scale */
    double head;   /* states below n: answered at once */
    double total;  /* every state */
    double wait;   /* states n + j: all agents busy */
    double served; /* of those, answered */
    double lost;   /* of those, abandoning */
    double within; /* of those, answered within T */
    double waited; /* total wait of answered contacts, in AHTs */
} tail_sums;

static void rescale(tail_sums *s, double log_w)
{
    if (log_w <= s->max)
        return;
    double f = exp(s->max - log_w);
    s->head *= f;
    s->total *= f;
    s->wait *= f;
    s->served *= f;
    s->lost *= f;
    s->within *= f;
    s->waited *= f;
    s->max = log_w;
}

static void fill_trivial(const cs_model *m, uint32_t n, cs_erlang *out)
{
    out->p_wait = 0.0;
    out->service_level = 1.0;
    out->asa = 0.0;
    out->abandon = 0.0;
    out->occupancy = n > 0 ? m->load / (double)n : 0.0;
}

csvc_status cs_erlang_a_measures(const cs_model *m, uint32_t n, cs_erlang *out)
{
    double a = m->load, th = m->theta, t = m->target, dn = (double)n;
    double b = cs_erlang_b_value(a, n);
    if (a <= 0.0 || b <= 0.0) {
        /* No arrivals, or a wait too unlikely for a double (B < 2^-1074). */
        fill_trivial(m, n, out);
        return CSVC_OK;
    }
    double log_head = n == 0 ? -INFINITY : log1p(-b) - log(b);
    tail_sums s = {log_head > 0.0 ? log_head : 0.0, 0, 0, 0, 0, 0, 0, 0};
    s.head = n == 0 ? 0.0 : exp(log_head - s.max);
    s.total = s.head;

    /* P(answered within T | j waiting) = Q_j (1 - I_x(n/th + 1, j + 1)) with
     * x = exp(-th t); I_x is the running sum of negative-binomial terms
     * nb_k = x^(n/th + 1) prod_{i=1..k} (n + i th) / (i th) (1 - x), kept
     * in log space (x^(n/th + 1) underflows long before the sum matters). */
    double log_nb = -(dn + th) * t;
    double log_1mx = t > 0.0 ? log(-expm1(-th * t)) : 0.0;
    double nb_sum = t > 0.0 ? exp(log_nb) : 1.0;
    double stage_mean = 0.0; /* E[wait | served, j] = sum_{m=1..j+1} 1/(n + m th) */
    double log_w = 0.0;      /* log weight of state n + j relative to state n */
    for (uint32_t j = 0;; j++) {
        if (j >= CSVC_ERLANG_A_STATES_MAX)
            return CSVC_E_OVERFLOW;
        if (j > 0) {
            double dj = (double)j, up = dn + dj * th;
            log_w += log(a / up);
            if (nb_sum < 1.0) {
                log_nb += log(up / (dj * th)) + log_1mx;
                nb_sum += exp(log_nb);
            }
        }
        rescale(&s, log_w);
        double w = exp(log_w - s.max);
        double next = dn + (double)(j + 1) * th; /* n + (j+1) th */
        double served = dn / next;               /* Q_j */
        stage_mean += 1.0 / next;
        s.total += w;
        s.wait += w;
        s.served += w * served;
        s.lost += w * ((double)(j + 1) * th / next);
        s.waited += w * served * stage_mean;
        if (nb_sum < 1.0)
            s.within += w * served * (1.0 - nb_sum);
        double q = a / next; /* weight ratio of state n + j + 1 to n + j */
        if (q < 1.0 && w * q < s.total * 0x1p-55 * (1.0 - q))
            break;
    }
    double answered = s.head + s.served;
    out->p_wait = s.wait / s.total;
    out->abandon = s.lost / s.total;
    out->service_level = (s.head + s.within) / s.total;
    out->asa = answered > 0.0 ? s.waited / answered * m->aht : INFINITY;
    out->occupancy = n > 0 ? a * (1.0 - out->abandon) / dn : 0.0;
    return CSVC_OK;
}

csvc_status cs_erlang_measures(const cs_model *m, uint32_t n, cs_erlang *out)
{
    if (m->theta > 0.0)
        return cs_erlang_a_measures(m, n, out);
    double b = (m->load > 0.0 && (double)n > m->load) ? cs_erlang_b_value(m->load, n) : 1.0;
    cs_erlang_c_measures(m, n, b, out);
    return CSVC_OK;
}
