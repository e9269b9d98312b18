/* bench_staffing's shift-generation figures (bench_generate.c). */
#ifndef BENCH_GENERATE_H
#define BENCH_GENERATE_H

#include <csvc.h>

/* Prints the solver's time and cost beside a greedy heuristic's; 0 on
 * success (also when the library lacks GLPK). */
int bench_generate(void);

#endif
