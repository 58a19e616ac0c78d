/* fuzz_sgml.c — libFuzzer target: any bytes, read as Reuters-21578 SGML (src/formats/sgml.c), through the
 * reader, the parser, the article printer and the NITF writer, as
 * `newsidx parse --format=sgml` would.  A crash, a sanitizer report or an
 * internal-error abort is a bug.
 */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(data, size, INPUT_FORMAT_SGML, FUZZ_FROM_FILE);
    return 0;
}
