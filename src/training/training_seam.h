/* What the store may use of training plans beyond csvc/training.h: the
 * journal, and replaying a stored change. Every change of a plan (a
 * course, a requirement, a session, an enrolment, a session's record, a
 * completion, a promotion rule) is journaled as one JSON object, the
 * detail of kind CS_TRAINING_CHANGED, which cs_training_apply() replays. */
#ifndef CS_TRAINING_SEAM_H
#define CS_TRAINING_SEAM_H

#include "csvc/training.h"
#include "journal.h"

#define CS_TRAINING_CHANGED 1

cs_journal *cs_training_journal(csvc_training *training);
const csvc_roster *cs_training_roster(const csvc_training *training);
/* Nothing added yet (the store attaches empty plans only). */
int cs_training_is_empty(const csvc_training *training);
/* Replays a journaled change (the caller mutes the journal); the plan's
 * message says what does not apply. */
csvc_status cs_training_apply(csvc_training *training, const char *body);

#endif
