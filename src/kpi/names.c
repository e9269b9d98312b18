/* Names of the KPI enums and the table of desk metrics a KPI may bind to. */
#include "enum_names.h"
#include "kpi_internal.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static const char *const dimension_names[CS_NDIMS] = {"quality", "efficiency", "skill", "teamwork",
                                                      "innovation"};
static const char *const group_names[CS_NGROUPS] = {"self", "peer", "supervisor", "subordinate",
                                                    "customer"};

static const cs_enum_names dimensions = CS_ENUM_NAMES("kpi dimension", dimension_names);
static const cs_enum_names groups = CS_ENUM_NAMES("rater group", group_names);

CS_DEFINE_ENUM_NAMES(csvc_kpi_dimension, csvc_kpi_dimension, dimensions)
CS_DEFINE_ENUM_NAMES(csvc_rater_group, csvc_rater_group, groups)

const char *cs_kpi_aggregation_name(csvc_aggregation a)
{
    static const char *const names[] = {"mean", "median", "trimmed_mean"};
    return (unsigned)a < 3 ? names[a] : NULL;
}

const char *cs_kpi_missing_name(csvc_missing_policy p)
{
    static const char *const names[] = {"renormalise", "zero", "incomplete"};
    return (unsigned)p < 3 ? names[p] : NULL;
}

const char *cs_kpi_scale_name(csvc_rating_scale s)
{
    static const char *const names[] = {"1-5", "0-100"};
    return (unsigned)s < 2 ? names[s] : NULL;
}

/* ---- metrics --------------------------------------------------------------- */

typedef struct metric_def {
    const char *name;
    size_t offset;
    int is_count; /* int64_t field, else double */
} metric_def;

#define COUNT(name, field)                                                                         \
    {                                                                                              \
        name, offsetof(csvc_metrics, field), 1                                                     \
    }
#define RATE(name, field)                                                                          \
    {                                                                                              \
        name, offsetof(csvc_metrics, field), 0                                                     \
    }

static const metric_def metrics[] = {
    COUNT("handled", handled),
    COUNT("resolved", resolved),
    RATE("resolution_rate", resolution_rate),
    COUNT("first_contact", first_contact),
    RATE("fcr", fcr),
    COUNT("frt_count", first_response_count),
    RATE("frt_mean", first_response_mean),
    RATE("frt_median", first_response_median),
    RATE("frt_p90", first_response_p90),
    COUNT("resolution_count", resolution_count),
    RATE("resolution_mean", resolution_mean),
    RATE("resolution_median", resolution_median),
    RATE("resolution_p90", resolution_p90),
    RATE("total_resolution_mean", total_resolution_mean),
    RATE("total_resolution_median", total_resolution_median),
    RATE("total_resolution_p90", total_resolution_p90),
    COUNT("sla_due", sla_due),
    COUNT("sla_met", sla_met),
    RATE("sla_compliance", sla_compliance),
    COUNT("reopened", reopened),
    RATE("reopen_rate", reopen_rate),
    COUNT("csat_count", csat_count),
    RATE("csat", csat),
    RATE("csat_mean", csat_mean),
    COUNT("complaints", complaints),
    RATE("complaint_rate", complaint_rate),
    COUNT("transfers", transfers),
    COUNT("escalations", escalations),
    RATE("transfer_rate", transfer_rate),
    RATE("escalation_rate", escalation_rate),
    COUNT("backlog", backlog),
};

#define NMETRICS (sizeof metrics / sizeof metrics[0])

const char *csvc_kpi_metric_name(size_t index)
{
    return index < NMETRICS ? metrics[index].name : NULL;
}

int cs_kpi_metric_find(const char *name)
{
    for (size_t i = 0; i < NMETRICS; i++)
        if (strcmp(name, metrics[i].name) == 0)
            return (int)i;
    return -1;
}

double cs_kpi_metric_value(const csvc_metrics *row, int index)
{
    const metric_def *m = &metrics[index];
    const char *base = (const char *)row + m->offset;
    if (m->is_count) {
        int64_t v;
        memcpy(&v, base, sizeof v);
        return (double)v;
    }
    double v;
    memcpy(&v, base, sizeof v);
    return v;
}

double cs_kpi_round6(double x)
{
    return round(x * 1e6) / 1e6;
}
