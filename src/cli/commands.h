/* commands.h — the subcommands of stagedoc. Each takes its own argv (argv[0]
 * is the subcommand's name) and returns an exit code of exit_codes.h. */
#ifndef STAGEDOC_CLI_COMMANDS_H
#define STAGEDOC_CLI_COMMANDS_H

#include "exit_codes.h"

enum exit_code command_check(int argc, char **argv);
enum exit_code command_calendar(int argc, char **argv);
enum exit_code command_init(int argc, char **argv);
enum exit_code command_build(int argc, char **argv);
enum exit_code command_bundle(int argc, char **argv);
enum exit_code command_verify(int argc, char **argv);
enum exit_code command_signatures(int argc, char **argv);
enum exit_code command_import(int argc, char **argv);
enum exit_code command_export(int argc, char **argv);

#endif
