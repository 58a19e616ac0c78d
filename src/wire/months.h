/* months.h — the month names wire copy writes, as pattern fragments. */
#ifndef NEWSIDX_WIRE_MONTHS_H
#define NEWSIDX_WIRE_MONTHS_H

/* A month, full or abbreviated ("February", "Feb", "Feb.", "Sept"). */
#define MONTH_PATTERN                                                              \
    "(?:Jan(?:uary|\\.)?|Feb(?:ruary|\\.)?|Mar(?:ch|\\.)?|Apr(?:il|\\.)?|May|"     \
    "June?|July?|Aug(?:ust|\\.)?|Sep(?:tember|t\\.?|\\.)?|Oct(?:ober|\\.)?|"       \
    "Nov(?:ember|\\.)?|Dec(?:ember|\\.)?)"

/* A month as MONTH_PATTERN, in any case ("FEB", "FEb", "march"). */
#define MONTH_ANY_CASE_PATTERN "(?i:" MONTH_PATTERN ")"

/* A day of a month after its name: "March 4", "Feb. 26". */
#define MONTH_DAY_PATTERN MONTH_PATTERN "\\s+\\d{1,2}\\b"

/* A full date as captions write it: "November 23, 2017". */
#define FULL_DATE_PATTERN "\\b" MONTH_PATTERN "\\s+\\d{1,2},\\s+\\d{4}\\b"

#endif
