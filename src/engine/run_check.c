/* run_check.c — sd_check: every input against the format and the
 * regulation, each diagnostic given as it comes, then a summary; each stage
 * that passed the input contract is a "stage" record first. */
#include "run.h"
#include "walk.h"

sd_status sd_check(sd_run *run, const struct sd_input *inputs, size_t count,
                   const struct sd_check_options *options)
{
    if (!options) {
        run_fail(run, "sd_check sans options");
        return SD_USAGE;
    }
    sd_status result = run_begin(run, "check", &options->read);
    if (result != SD_OK)
        return result;
    struct walk_totals totals = {.print_least = run->least, .records = true};
    for (size_t i = 0; i < count && !run_cancelled(run); i++)
        result = sd_status_worst(result, walk_input(&run->context, &inputs[i], walk_run_rules,
                                                    NULL, &totals));
    if (options->werror && totals.counts[SEVERITY_WARNING] > 0)
        result = sd_status_worst(result, SD_INVALID);
    walk_print_summary(run, "check", &totals);
    return run_end(run, result);
}
