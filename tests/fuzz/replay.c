/* replay.c — runs a fuzz target's LLVMFuzzerTestOneInput() once on each
 * file named on the command line, without libFuzzer: how `make test` and
 * `make check-asan` replay tests/fuzz/regressions/.  A crash or a
 * sanitizer report ends the program with a failing status.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_input.h"
#include "newsidx/input.h"

int main(int argc, char **argv)
{
    int status = 0;
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "rb");
        if (file == NULL) {
            fprintf(stderr, "replay: cannot open '%s'\n", argv[i]);
            status = 1;
            continue;
        }
        size_t capacity = 1 << 16, size = 0, count;
        unsigned char *data = malloc(capacity);
        while (data != NULL && (count = fread(data + size, 1, capacity - size, file)) > 0) {
            size += count;
            if (size == capacity) {
                unsigned char *grown = realloc(data, capacity *= 2);
                if (grown == NULL) {
                    free(data);
                    data = NULL;
                } else {
                    data = grown;
                }
            }
        }
        fclose(file);
        if (data == NULL) {
            fprintf(stderr, "replay: out of memory reading '%s'\n", argv[i]);
            status = 1;
            continue;
        }
        LLVMFuzzerTestOneInput(data, size);
        free(data);
        printf("replayed %s (%zu bytes)\n", argv[i], size);
    }
    input_release();
    return status;
}
