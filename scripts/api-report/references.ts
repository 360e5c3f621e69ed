import ts from "typescript";

/**
 * Collects the project's own declarations that a printed API names: a user meets a type through
 * the exports that name it even when the entry does not export it, so a change to it changes
 * the API too and belongs in the report. Library types (Promise, zod's) are not the project's
 * to pin; their type arguments are followed, since those may be the project's.
 */
export class ReferenceCollector {
  /** In the order they were first named, which the report sorts anyway. */
  readonly found = new Set<ts.Symbol>();
  private readonly walked = new Set<ts.Type>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly isOwnFile: (fileName: string) => boolean,
  ) {}

  /** Every type a declaration's printed text names, as written. */
  fromNode(node: ts.Node): void {
    const visit = (child: ts.Node): void => {
      // A value named in a type (`typeof SCHEMA`) shows through the type that names it: the
      // report expands such types, so the value's own, often enormous, type stays out.
      if (ts.isTypeQueryNode(child)) return;
      if (ts.isTypeReferenceNode(child))
        this.note(this.checker.getSymbolAtLocation(child.typeName));
      if (ts.isExpressionWithTypeArguments(child)) {
        this.note(this.checker.getSymbolAtLocation(child.expression));
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
  }

  /** Every type the checker prints for a type: its named parts and those of what it holds. */
  fromType(type: ts.Type): void {
    if (this.walked.has(type)) return;
    this.walked.add(type);
    if (type.aliasSymbol) {
      // An alias prints by its name and arguments: the project's own is shown on its own, a
      // library's (Partial<T>) is not the project's to pin.
      for (const argument of type.aliasTypeArguments ?? []) this.fromType(argument);
      this.note(type.aliasSymbol);
      return;
    }
    if (type.isUnionOrIntersection()) {
      for (const part of type.types) this.fromType(part);
      return;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    const object = type as ts.ObjectType;
    if (object.objectFlags & ts.ObjectFlags.Reference) {
      for (const argument of this.checker.getTypeArguments(type as ts.TypeReference)) {
        this.fromType(argument);
      }
    }
    if (type.symbol && !(object.objectFlags & ts.ObjectFlags.Anonymous)) {
      this.note(type.symbol);
      return;
    }
    // An anonymous object type prints with its members, so what they name is named too.
    for (const property of this.checker.getPropertiesOfType(type)) {
      this.fromType(this.checker.getTypeOfSymbol(property));
    }
    for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
      this.fromSignature(signature);
    }
  }

  /** The parameters' and the return type of a signature. */
  fromSignature(signature: ts.Signature): void {
    for (const parameter of signature.parameters) {
      this.fromType(this.checker.getTypeOfSymbol(parameter));
    }
    this.fromType(signature.getReturnType());
  }

  private note(symbol: ts.Symbol | undefined): void {
    if (!symbol) return;
    const target =
      symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    if (this.isOwn(target)) this.found.add(target);
  }

  private isOwn(symbol: ts.Symbol): boolean {
    if (symbol.flags & ts.SymbolFlags.TypeParameter) return false;
    return (symbol.declarations ?? []).some((declaration) =>
      this.isOwnFile(declaration.getSourceFile().fileName),
    );
  }
}
