#include "test_helpers.h"

#include <stdlib.h>

void *test_failing_malloc(size_t size, void *ud)
{
    test_failing_alloc *s = ud;
    s->calls++;
    if (s->budget == 0)
        return NULL;
    if (s->budget > 0)
        s->budget--;
    void *p = malloc(size);
    if (p)
        s->live++;
    return p;
}

void *test_failing_realloc(void *ptr, size_t size, void *ud)
{
    test_failing_alloc *s = ud;
    if (!ptr)
        return test_failing_malloc(size, ud);
    s->calls++;
    if (s->budget == 0)
        return NULL;
    if (s->budget > 0)
        s->budget--;
    return realloc(ptr, size);
}

void test_failing_free(void *ptr, void *ud)
{
    test_failing_alloc *s = ud;
    if (ptr)
        s->live--;
    free(ptr);
}
