// File: model/op_text.h
// Defines the text form of commands and sequences (docs/sequence-format.md): one command per
// line, `OpName key=value ... [fault=KIND[:ROLE]]`, `#` comments, and an optional `@config` line.
// Parsing never throws and never aborts: a malformed line gives an error naming the line.
// Thread-safety: pure functions.
#ifndef HOOKCHECK_MODEL_OP_TEXT_H_
#define HOOKCHECK_MODEL_OP_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/config.h"
#include "model/op.h"

namespace hookcheck::model {

// Every field of the op is written, so a line means the same whatever the defaults become.
std::string FormatCommand(const Command& command);

struct ParsedCommand {
  std::optional<Command> command;  // set iff `error` is empty
  std::string error;               // "unknown op 'Flsh'", "Put: ts=40 is out of range 0..15"
};
ParsedCommand ParseCommand(std::string_view line);

struct Sequence {
  ModelConfig config;
  std::vector<Command> commands;
};

// "@config contract=seed auto_compact_threshold=0 index_mode=sync skip_wal=0 ..." then one command a line.
std::string FormatSequence(const Sequence& sequence);

struct ParsedSequence {
  std::optional<Sequence> sequence;  // set iff `error` is empty
  std::string error;                 // "<name>:<line>: <message>"
};
// `name` only labels errors (a file path, or "<token>"). Refused: a sequence without commands
// (it would check nothing), a second @config, a key given twice; a UTF-8 byte order mark at the
// start is skipped.
ParsedSequence ParseSequence(std::string_view text, std::string_view name);

// The words of an @config line without "@config" ("contract=v3 skip_wal=1"), as `--config`
// takes them. ParseConfig applies them on top of `config`; the error names the bad word ("" iff
// parsed). An empty text leaves `config` as it is. FormatConfigWords writes every key.
std::string ParseConfig(std::string_view words, ModelConfig* config);
std::string FormatConfigWords(const ModelConfig& config);

// One-line form for command lines: commands separated by ';' ("Put ts=1; Flush"). An inline
// @config ("@config contract=v3; Put ts=1") applies on top of `config`.
std::string FormatInline(const std::vector<Command>& commands);
ParsedSequence ParseInline(std::string_view text, const ModelConfig& config);

}  // namespace hookcheck::model

#endif  // HOOKCHECK_MODEL_OP_TEXT_H_
