/* date.h — calendar dates as day numbers, ISO parsing and French formatting.
 *
 * A date is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar, so that differences and additions are plain integer arithmetic.
 * Every document and rule that speaks of days goes through this module. */
#ifndef STAGEDOC_UTIL_DATE_H
#define STAGEDOC_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t date_t;

#define DATE_NONE INT32_MIN

enum weekday { LUNDI = 1, MARDI, MERCREDI, JEUDI, VENDREDI, SAMEDI, DIMANCHE };

date_t date_from_ymd(int year, int month, int day);
void date_to_ymd(date_t date, int *year, int *month, int *day);
bool date_is_valid_ymd(int year, int month, int day);

/* Parses exactly "YYYY-MM-DD"; returns false on anything else or an
 * impossible day (2027-02-30). */
bool date_parse_iso(const char *text, date_t *out);

enum weekday date_weekday(date_t date);
date_t date_monday_of_week(date_t date);
int date_year(date_t date);

/* Age in whole years on a given day (birthdays count from that day). */
int date_age_on(date_t birth, date_t day);

/* Buffers: ISO needs 11 bytes, the long French form 40. */
#define DATE_ISO_SIZE 11
#define DATE_LONG_SIZE 40
void date_format_iso(date_t date, char out[DATE_ISO_SIZE]);
/* "18/05/2027", as forms and spreadsheets write it (the ISO size too). */
void date_format_short_fr(date_t date, char out[DATE_ISO_SIZE]);
/* "vendredi 18 juin 2027"; the 1st of a month reads "1er". */
void date_format_long_fr(date_t date, char out[DATE_LONG_SIZE]);
const char *date_weekday_name_fr(enum weekday day);

#endif
