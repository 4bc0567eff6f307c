/* identifiers.c — SIRET, UAI and NAF checks. */
#include "identifiers.h"

#include <ctype.h>
#include <string.h>

static bool all_digits(const char *text, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!isdigit((unsigned char)text[i]))
            return false;
    return true;
}

static bool luhn_valid(const char *digits, size_t count)
{
    int sum = 0;
    for (size_t i = 0; i < count; i++) {
        int digit = digits[count - 1 - i] - '0';
        if (i % 2 == 1) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
    }
    return sum % 10 == 0;
}

enum identifier_problem siret_check(const char *siret)
{
    if (strlen(siret) != 14 || !all_digits(siret, 14))
        return IDENTIFIER_BAD_FORMAT;
    if (luhn_valid(siret, 14))
        return IDENTIFIER_OK;
    /* La Poste numbers its many establishments past what Luhn allows. */
    if (strncmp(siret, "356000000", 9) == 0) {
        int sum = 0;
        for (int i = 0; i < 14; i++)
            sum += siret[i] - '0';
        return sum % 5 == 0 ? IDENTIFIER_OK : IDENTIFIER_BAD_CHECKSUM;
    }
    return IDENTIFIER_BAD_CHECKSUM;
}

enum identifier_problem uai_check(const char *uai, char *expected)
{
    static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
    if (strlen(uai) != 8 || !all_digits(uai, 7) || !isupper((unsigned char)uai[7]))
        return IDENTIFIER_BAD_FORMAT;
    long number = 0;
    for (int i = 0; i < 7; i++)
        number = number * 10 + (uai[i] - '0');
    *expected = letters[number % 23];
    return uai[7] == *expected ? IDENTIFIER_OK : IDENTIFIER_BAD_CHECKSUM;
}

bool naf_is_well_formed(const char *code)
{
    return strlen(code) == 6 && all_digits(code, 2) && code[2] == '.' &&
           all_digits(code + 3, 2) && isupper((unsigned char)code[5]);
}
