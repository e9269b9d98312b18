/**
 * @file csvc.h
 * @brief Umbrella header: includes every public libcsvc header.
 */
#ifndef CSVC_H
#define CSVC_H

#include "csvc/common.h"
#include "csvc/calendar.h"
#include "csvc/desk.h"
#include "csvc/kpi.h"
#include "csvc/roster.h"
#include "csvc/staffing.h"
#include "csvc/store.h"
#include "csvc/incentive.h"
#include "csvc/training.h"

#endif /* CSVC_H */
