/* Atomic file exports (atomic_file.h). */
#include "atomic_file.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static csvc_status io_fail(cs_atomic_file *af, cs_errbuf *err, int e, const char *doing)
{
    cs_atomic_abort(af);
    return cs_fail(err, e == EACCES || e == EPERM || e == EROFS ? CSVC_E_PERM : CSVC_E_IO,
                   "%s: %s: %s: %s", af->what, af->path, doing, strerror(e));
}

csvc_status cs_atomic_open(cs_atomic_file *af, const cs_alloc *alloc, const char *path,
                           const char *what, cs_errbuf *err)
{
    *af = (cs_atomic_file){alloc, path, what, NULL, NULL};
    size_t len = strlen(path) + sizeof ".0123456789abcdef.tmp";
    char *name = cs_malloc(alloc, len);
    if (!name)
        return cs_fail(err, CSVC_E_NOMEM, "%s: out of memory", what);
    uint64_t salt =
        (uint64_t)(uintptr_t)&name ^ ((uint64_t)time(NULL) * UINT64_C(0x9E3779B97F4A7C15));
    for (unsigned attempt = 0; attempt < 64; attempt++) {
        snprintf(name, len, "%s.%016" PRIx64 ".tmp", path, salt + attempt * UINT64_C(0x2545F491));
        errno = 0;
        af->f = fopen(name, "wbx");
        if (af->f) {
            af->tmp = name;
            return CSVC_OK;
        }
        if (errno != EEXIST)
            break;
    }
    int e = errno ? errno : EEXIST;
    cs_free(alloc, name);
    return io_fail(af, err, e, "cannot create a temporary file");
}

csvc_status cs_atomic_write(cs_atomic_file *af, const void *data, size_t len, cs_errbuf *err)
{
    errno = 0;
    if (len && fwrite(data, 1, len, af->f) != len)
        return io_fail(af, err, errno ? errno : EIO, "write failed");
    return CSVC_OK;
}

csvc_status cs_atomic_commit(cs_atomic_file *af, cs_errbuf *err)
{
    errno = 0;
    if (fflush(af->f) != 0 || fsync(fileno(af->f)) != 0)
        return io_fail(af, err, errno ? errno : EIO, "write failed");
    FILE *f = af->f;
    af->f = NULL;
    if (fclose(f) != 0)
        return io_fail(af, err, errno ? errno : EIO, "write failed");
    if (rename(af->tmp, af->path) != 0)
        return io_fail(af, err, errno, "cannot replace the file");
    cs_free(af->alloc, af->tmp);
    af->tmp = NULL;
    return CSVC_OK;
}

void cs_atomic_abort(cs_atomic_file *af)
{
    if (af->f)
        fclose(af->f);
    af->f = NULL;
    if (af->tmp) {
        remove(af->tmp);
        cs_free(af->alloc, af->tmp);
    }
    af->tmp = NULL;
}

csvc_status cs_atomic_write_file(const cs_alloc *alloc, const char *path, const char *what,
                                 const void *data, size_t len, cs_errbuf *err)
{
    cs_atomic_file af;
    csvc_status rc = cs_atomic_open(&af, alloc, path, what, err);
    if (rc == CSVC_OK)
        rc = cs_atomic_write(&af, data, len, err);
    return rc == CSVC_OK ? cs_atomic_commit(&af, err) : rc;
}
