import ts from "typescript";
import type { ReferenceCollector } from "./references.js";

/** Types in full: a report that cuts a long type short would miss a change at its end. */
const TYPE_FORMAT =
  ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
const NODE_FORMAT =
  ts.NodeBuilderFlags.NoTruncation |
  ts.NodeBuilderFlags.UseAliasDefinedOutsideCurrentScope |
  ts.NodeBuilderFlags.InTypeAlias |
  ts.NodeBuilderFlags.MultilineObjectLiterals;

/** `import("/home/me/project/src/x").Name` names a file by where the checkout happens to be. */
const IMPORT_PATH = /import\("[^"]*"\)\./g;

/**
 * Writes the public shape of a declaration as TypeScript without bodies or comments: what the
 * compiler holds a user to. Declaration text (interfaces, type aliases) is printed as written;
 * what the code leaves to inference (return types, class properties) as the checker infers it.
 * Whatever it prints is handed to `references`, so the types it names can be shown too.
 */
export class DeclarationPrinter {
  private readonly printer = ts.createPrinter({
    removeComments: true,
    newLine: ts.NewLineKind.LineFeed,
  });

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly references: ReferenceCollector,
  ) {}

  /** Every declaration of `symbol`, under the name it is exported as. */
  symbolText(symbol: ts.Symbol, name: string): string {
    const parts: string[] = [];
    let functionsDone = false;
    for (const declaration of symbol.declarations ?? []) {
      if (ts.isFunctionDeclaration(declaration)) {
        // Overloads are several declarations of one symbol: their signatures are printed once.
        if (!functionsDone) parts.push(this.functionText(symbol, name, declaration));
        functionsDone = true;
      } else if (ts.isVariableDeclaration(declaration)) {
        parts.push(this.variableText(symbol, name, declaration));
      } else if (ts.isClassDeclaration(declaration)) {
        parts.push(this.classText(name, declaration));
      } else if (ts.isInterfaceDeclaration(declaration)) {
        parts.push(this.interfaceText(name, declaration));
      } else if (ts.isTypeAliasDeclaration(declaration)) {
        parts.push(this.aliasText(symbol, name, declaration));
      } else if (ts.isEnumDeclaration(declaration)) {
        parts.push(this.nodeText(declaration));
      } else {
        throw new Error(`${name}: no report for a ${ts.SyntaxKind[declaration.kind]}`);
      }
    }
    return parts.join("\n\n");
  }

  private functionText(symbol: ts.Symbol, name: string, at: ts.Node): string {
    return this.checker
      .getTypeOfSymbol(symbol)
      .getCallSignatures()
      .map((signature) => `function ${name}${this.signatureText(signature, at)};`)
      .join("\n");
  }

  private variableText(symbol: ts.Symbol, name: string, at: ts.VariableDeclaration): string {
    const flags = ts.getCombinedNodeFlags(at);
    const keyword = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    return `${keyword} ${name}: ${this.typeText(this.checker.getTypeOfSymbol(symbol), at)};`;
  }

  private classText(name: string, declaration: ts.ClassDeclaration): string {
    const abstract = hasModifier(declaration, ts.ModifierFlags.Abstract) ? "abstract " : "";
    const head = `${abstract}class ${name}${this.typeParameters(declaration)}${this.heritage(declaration)}`;
    const members = declaration.members.flatMap((member) => this.classMember(member));
    return block(head, dedupe(members));
  }

  private classMember(member: ts.ClassElement): string[] {
    if (member.name && ts.isPrivateIdentifier(member.name)) return [];
    if (hasModifier(member, ts.ModifierFlags.Private)) return [];
    if (ts.isConstructorDeclaration(member)) {
      const signature = this.checker.getSignatureFromDeclaration(member);
      if (!signature) return [];
      const params = this.parameterProperties(member);
      return [`constructor${this.parametersText(signature, member)};`, ...params];
    }
    if (ts.isClassStaticBlockDeclaration(member) || ts.isSemicolonClassElement(member)) return [];
    if (ts.isIndexSignatureDeclaration(member)) return [this.nodeText(member)];
    const symbol = member.name ? this.checker.getSymbolAtLocation(member.name) : undefined;
    if (!symbol || !member.name) {
      throw new Error(`a class member without a name: ${member.getText()}`);
    }
    const before = modifiers(member);
    const name = member.name.getText();
    const type = this.checker.getTypeOfSymbol(symbol);
    if (ts.isMethodDeclaration(member)) {
      return type
        .getCallSignatures()
        .map((signature) => `${before}${name}${this.signatureText(signature, member)};`);
    }
    if (ts.isGetAccessorDeclaration(member)) {
      return [`${before}get ${name}(): ${this.typeText(type, member)};`];
    }
    if (ts.isSetAccessorDeclaration(member)) {
      return [`${before}set ${name}(value: ${this.typeText(type, member)});`];
    }
    const optional = ts.isPropertyDeclaration(member) && member.questionToken ? "?" : "";
    return [`${before}${name}${optional}: ${this.typeText(type, member)};`];
  }

  /** `constructor(public readonly x: T)` declares a property too; a private one does not. */
  private parameterProperties(declaration: ts.ConstructorDeclaration): string[] {
    return declaration.parameters
      .filter((parameter) => ts.isParameterPropertyDeclaration(parameter, declaration))
      .filter((parameter) => !hasModifier(parameter, ts.ModifierFlags.Private))
      .map((parameter) => {
        const type = this.checker.getTypeAtLocation(parameter);
        return `${modifiers(parameter)}${parameter.name.getText()}: ${this.typeText(type, parameter)};`;
      });
  }

  private interfaceText(name: string, declaration: ts.InterfaceDeclaration): string {
    const head = `interface ${name}${this.typeParameters(declaration)}${this.heritage(declaration)}`;
    return block(
      head,
      declaration.members.map((member) => this.nodeText(member)),
    );
  }

  /**
   * A type alias as written, and, when what is written is computed (`z.input<typeof Schema>`,
   * `(typeof TYPES)[number]`), what it comes to: a change to what it is computed from changes
   * the API without touching the alias's text.
   */
  private aliasText(symbol: ts.Symbol, name: string, declaration: ts.TypeAliasDeclaration): string {
    const written = `type ${name}${this.typeParameters(declaration)} = ${this.nodeText(declaration.type)};`;
    if (!isComputed(declaration.type)) return written;
    const type = this.checker.getDeclaredTypeOfSymbol(symbol);
    const node = this.checker.typeToTypeNode(type, declaration, NODE_FORMAT);
    if (!node) return written;
    this.references.fromType(type);
    const expanded = this.printed(node, declaration.getSourceFile());
    return `${written}\n// comes to:\n${expanded}`;
  }

  private typeParameters(declaration: ts.DeclarationWithTypeParameterChildren): string {
    const parameters = declaration.typeParameters;
    if (!parameters || parameters.length === 0) return "";
    return `<${parameters.map((parameter) => this.nodeText(parameter)).join(", ")}>`;
  }

  private heritage(declaration: ts.ClassDeclaration | ts.InterfaceDeclaration): string {
    return (declaration.heritageClauses ?? [])
      .map((clause) => ` ${this.nodeText(clause).trim()}`)
      .join("");
  }

  /** `(a: T, b?: U): R`, as the checker resolves it. */
  private signatureText(signature: ts.Signature, at: ts.Node): string {
    this.references.fromSignature(signature);
    return stripImports(this.checker.signatureToString(signature, at, TYPE_FORMAT));
  }

  /** `(a: T, b?: U)`: a constructor's signature without the instance type it returns. */
  private parametersText(signature: ts.Signature, at: ts.Node): string {
    const full = this.signatureText(signature, at);
    const returned = `: ${this.typeText(signature.getReturnType(), at)}`;
    return full.endsWith(returned) ? full.slice(0, -returned.length) : full;
  }

  private typeText(type: ts.Type, at: ts.Node): string {
    this.references.fromType(type);
    return stripImports(this.checker.typeToString(type, at, TYPE_FORMAT));
  }

  /** A declaration's own text, normalised: comments and the author's layout do not count. */
  private nodeText(node: ts.Node): string {
    this.references.fromNode(node);
    return this.printed(node, node.getSourceFile());
  }

  private printed(node: ts.Node, source: ts.SourceFile): string {
    const text = this.printer.printNode(ts.EmitHint.Unspecified, node, source);
    // The printer indents by four; the report's blocks by two, like the code.
    return stripImports(text).replace(/^( {4})+/gm, (indent) => " ".repeat(indent.length / 2));
  }
}

/** What a symbol is, for the report's headings: `class`, `interface`, `function`, `type`... */
export function symbolKind(symbol: ts.Symbol): string {
  const kinds = (symbol.declarations ?? []).map((declaration) => {
    if (ts.isVariableDeclaration(declaration)) {
      const flags = ts.getCombinedNodeFlags(declaration);
      return flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    }
    if (ts.isTypeAliasDeclaration(declaration)) return "type";
    if (ts.isClassDeclaration(declaration)) return "class";
    if (ts.isInterfaceDeclaration(declaration)) return "interface";
    if (ts.isFunctionDeclaration(declaration)) return "function";
    if (ts.isEnumDeclaration(declaration)) return "enum";
    return ts.SyntaxKind[declaration.kind];
  });
  return [...new Set(kinds)].join(", ");
}

/**
 * Whether a type's text leaves its meaning to be computed from elsewhere: a generic applied to
 * arguments, `typeof`, `keyof`, an indexed access, a conditional or a mapped type.
 */
function isComputed(node: ts.Node): boolean {
  if (
    ts.isTypeQueryNode(node) ||
    ts.isTypeOperatorNode(node) ||
    ts.isIndexedAccessTypeNode(node) ||
    ts.isConditionalTypeNode(node) ||
    ts.isMappedTypeNode(node) ||
    (ts.isTypeReferenceNode(node) && (node.typeArguments?.length ?? 0) > 0)
  ) {
    return true;
  }
  return ts.forEachChild(node, (child) => (isComputed(child) ? true : undefined)) ?? false;
}

function hasModifier(node: ts.Declaration, flag: ts.ModifierFlags): boolean {
  return (ts.getCombinedModifierFlags(node) & flag) !== 0;
}

/** The modifiers that change what a user may do with a member. */
function modifiers(node: ts.Declaration): string {
  const words: [ts.ModifierFlags, string][] = [
    [ts.ModifierFlags.Protected, "protected"],
    [ts.ModifierFlags.Static, "static"],
    [ts.ModifierFlags.Abstract, "abstract"],
    [ts.ModifierFlags.Readonly, "readonly"],
  ];
  return words
    .filter(([flag]) => hasModifier(node, flag))
    .map(([, word]) => `${word} `)
    .join("");
}

function block(head: string, members: readonly string[]): string {
  if (members.length === 0) return `${head} {}`;
  const body = members.map((member) => member.replace(/^/gm, "  ")).join("\n");
  return `${head} {\n${body}\n}`;
}

/** An overloaded method has a declaration per overload, each printing every signature. */
function dedupe(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}

function stripImports(text: string): string {
  return text.replace(IMPORT_PATH, "");
}
