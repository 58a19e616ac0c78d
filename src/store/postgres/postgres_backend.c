/* postgres_backend.c — the PostgreSQL back end, for store.c: not built
 * yet, so opening a postgresql:// store fails with a one-line error. */
#include "../backend.h"

#include "newsidx/error.h"

static int postgres_store_open(struct store **store, const char *location, enum store_mode mode,
                               struct error *error)
{
    (void)location;
    (void)mode;
    *store = NULL;
    return error_set(error, "PostgreSQL store: not built yet");
}

const struct store_backend postgres_store_backend = {
    .name = "PostgreSQL",
    .open = postgres_store_open,
};
