/* fuzz_nitf.c — libFuzzer target: any bytes, read as NITF XML (src/formats/nitf.c), through the
 * reader, the parser, the article printer and the NITF writer, as
 * `newsidx parse --format=nitf` would.  A crash, a sanitizer report or an
 * internal-error abort is a bug.
 */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(data, size, INPUT_FORMAT_NITF, FUZZ_FROM_FILE);
    return 0;
}
