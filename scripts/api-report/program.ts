import { dirname } from "node:path";
import ts from "typescript";

/**
 * The compiler options of a tsconfig file, so the report sees the types exactly as the build
 * does (strictness changes how optional members and parameters print).
 */
export function compilerOptionsOf(tsconfigPath: string): ts.CompilerOptions {
  const file = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (file.error) throw new Error(flatten(file.error));
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, dirname(tsconfigPath));
  const error = parsed.errors[0];
  if (error) throw new Error(flatten(error));
  return parsed.options;
}

/** A program of the entry file and what it imports, no more: tests and benches are not read. */
export function entryProgram(
  entry: string,
  options: ts.CompilerOptions,
): { checker: ts.TypeChecker; source: ts.SourceFile } {
  const program = ts.createProgram({ rootNames: [entry], options });
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`${entry}: not found`);
  // An entry that does not compile (an export of a name that is gone) would pin `any` where the
  // error is: refuse instead. Only the entry is checked, since checking every module it reaches
  // costs seconds and the build checks them anyway.
  const errors = [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ];
  const first = errors[0];
  if (first) throw new Error(flatten(first));
  return { checker: program.getTypeChecker(), source };
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
}
