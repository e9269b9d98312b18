/* What the other modules may use of the calendar beyond csvc/calendar.h:
 * a text form, so the store can journal a desk's calendars. */
#ifndef CS_CALENDAR_SEAM_H
#define CS_CALENDAR_SEAM_H

#include "alloc.h"
#include "csvc/calendar.h"
#include "errbuf.h"
#include "strbuf.h"
#include "tz.h"

/* Appends the calendar as one line of text without spaces around its
 * parts: "<utc offset>;<start>-<end>,...;<holiday day>,..." with ranges in
 * seconds of the local week and holidays as local day numbers (days since
 * 1970-01-01); a zoned calendar starts "z<zone name>;" instead. */
void cs_calendar_encode(const csvc_calendar *cal, cs_strbuf *sb);
/* The zone of a zoned calendar, else NULL (then csvc_calendar_utc_offset()). */
const csvc_tz *cs_calendar_tz(const csvc_calendar *cal);
/* Rebuilds a calendar from cs_calendar_encode()'s text (`len` bytes),
 * allocated with `alloc`, checking it as the public calls would.
 * ::CSVC_E_CORRUPT with the reason when the text is not such a calendar. */
csvc_status cs_calendar_decode(const cs_alloc *alloc, const char *text, size_t len,
                               csvc_calendar **out, cs_errbuf *err);

#endif
