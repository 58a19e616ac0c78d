/* fuzz_input.h — what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each target (fuzz_NAME.c) defines LLVMFuzzerTestOneInput().  Built with
 * clang's -fsanitize=fuzzer it is a fuzzer (`make fuzz`); linked with
 * replay.c instead it is a plain program that runs the inputs named on its
 * command line once each, which is how `make test` and `make check-asan`
 * replay tests/fuzz/regressions/.
 */
#ifndef NEWSIDX_FUZZ_INPUT_H
#define NEWSIDX_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "newsidx/reader.h"

/* The entry point every target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How fuzz_parse() hands the bytes to the reader. */
enum fuzz_source {
    FUZZ_FROM_PIPE, /* as standard input, through a pipe (the reader polls it) */
    FUZZ_FROM_FILE  /* as a regular file */
};

/* Runs the bytes through the reader and the parser of format
 * (INPUT_FORMAT_UNKNOWN: detected), as `newsidx parse` would, printing each
 * article as NDJSON and as NITF into /dev/null. */
void fuzz_parse(const uint8_t *data, size_t size, enum input_format format,
                enum fuzz_source source);

/* The bytes as a NUL-terminated string of valid UTF-8 (each ill-formed
 * byte and each NUL made U+FFFD), trimmed: the text an extractor is given.
 * The caller frees it. */
char *fuzz_text(const uint8_t *data, size_t size);

#endif
