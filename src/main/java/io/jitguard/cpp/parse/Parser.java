package io.jitguard.cpp.parse;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.ast.Stmt;
import io.jitguard.cpp.ast.TemplateArg;
import io.jitguard.cpp.ast.TypeSpec;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.lex.TokenKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for the C++ that CUDA kernel libraries are written in. Like a C++
 * compiler it must know which names are types and which are templates (to read {@code a < b} and
 * {@code T * p} right); it learns them from the declarations it has seen, plus the CUDA types.
 * A construct it does not understand is skipped up to the end of its statement or declaration,
 * recorded as a problem, and parsing goes on.
 */
public final class Parser {
  /** Something the parser skipped. */
  public record Problem(Token at, String message) {}

  /**
   * The declarations, the problems met, and the names that skipped declarations may have declared
   * as functions (a name followed by '(' inside one): overload sets of those names may be incomplete.
   */
  public record TranslationUnit(ImmutableList<Decl> decls, ImmutableList<Problem> problems,
      ImmutableSet<String> possiblyDeclared) {}

  static final Set<String> BUILTIN_TYPE_WORDS = Set.of("void", "bool", "char", "wchar_t", "char8_t", "char16_t",
      "char32_t", "short", "int", "long", "float", "double", "signed", "unsigned", "__int128");
  /** Types NVRTC and the CUDA headers provide; the checker treats each as a distinct known type. */
  public static final Set<String> CUDA_TYPES = Set.of("__nv_bfloat16", "__nv_bfloat162", "nv_bfloat16", "nv_bfloat162",
      "__half", "__half2", "half", "half2", "__nv_fp8_e4m3", "__nv_fp8_e5m2", "__nv_fp8x2_e4m3", "__nv_fp8x2_e5m2",
      "__nv_fp8x4_e4m3", "__nv_fp8x4_e5m2", "__nv_fp8_e8m0", "float1", "float2", "float3", "float4", "double1",
      "double2", "int1", "int2", "int3", "int4", "uint1", "uint2", "uint3", "uint4", "char1", "char2", "char4",
      "uchar1", "uchar2", "uchar4", "short2", "short4", "ushort2", "ushort4", "longlong2", "ulonglong2", "dim3",
      "cudaStream_t", "cudaEvent_t", "CUtensorMap", "size_t", "ptrdiff_t", "int8_t", "int16_t", "int32_t",
      "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "intptr_t", "uintptr_t");
  private static final Set<String> DECL_SPECIFIERS = Set.of("static", "inline", "constexpr", "consteval",
      "constinit", "extern", "__device__", "__host__", "__global__", "__forceinline__", "__noinline__", "__inline__",
      "virtual", "explicit", "mutable", "thread_local", "__shared__", "__constant__", "__managed__", "register",
      "__grid_constant__", "__restrict__", "__restrict", "friend");
  private static final Set<String> SPECIFIERS_WITH_ARGS = Set.of("__launch_bounds__", "__align__", "alignas",
      "__attribute__", "__declspec", "__cluster_dims__", "__maxnreg__", "__launch_bounds");
  private static final Set<String> CUDA_QUALIFIERS = Set.of("__global__", "__device__", "__host__");
  private static final Set<String> CASTS = Set.of("static_cast", "reinterpret_cast", "const_cast", "dynamic_cast");
  private static final String[][] BINARY_LEVELS = {
      {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", ">", "<=", ">=", "<=>"}, {"<<", ">>"},
      {"+", "-"}, {"*", "/", "%"}, {".*", "->*"}};
  private static final Set<String> ASSIGNMENT_OPS = Set.of("=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=",
      "&=", "|=", "^=");

  private static final class ParseError extends RuntimeException {
    final Token at;

    ParseError(Token at, String message) {
      super(message, null, false, false);
      this.at = at;
    }
  }

  private final List<Token> toks;
  private int p;
  private final List<Problem> problems = new ArrayList<>();
  private final Set<String> possiblyDeclared = new HashSet<>();
  private final Set<String> typeNames = new HashSet<>(CUDA_TYPES);
  private final Set<String> templateNames = new HashSet<>();
  private final Deque<Set<String>> scopeTypes = new ArrayDeque<>();
  /** While parsing template arguments or a launch configuration, '>' ends the expression. */
  private int noGreater;

  private Parser(List<Token> tokens) {
    this.toks = new ArrayList<>(tokens);
    Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
    if (last == null || last.kind() != TokenKind.EOF) {
      Token eof = last == null ? null : new Token(TokenKind.EOF, "", last.file(), last.offset(), false, true, null,
          Set.of(), null);
      this.toks.add(eof);
    }
  }

  public static TranslationUnit parse(List<Token> tokens) {
    Parser parser = new Parser(tokens);
    List<Decl> decls = new ArrayList<>();
    if (parser.toks.get(0) == null) {
      return new TranslationUnit(ImmutableList.of(), ImmutableList.of(), ImmutableSet.of());
    }
    while (!parser.atEof()) {
      parser.declaration(decls, null);
    }
    return new TranslationUnit(ImmutableList.copyOf(decls), ImmutableList.copyOf(parser.problems),
        ImmutableSet.copyOf(parser.possiblyDeclared));
  }

  /**
   * Parses a name expression as NVRTC takes it ({@code ns::kernel<__nv_bfloat16, float>}): every
   * '<' after a name opens template arguments. Returns null when the text is not one.
   */
  public static QualifiedName nameExpression(List<Token> tokens, Set<String> knownTypes) {
    Parser parser = new Parser(tokens);
    if (parser.toks.get(0) == null) {
      return null;
    }
    parser.typeNames.addAll(knownTypes);
    for (int i = 0; i + 1 < parser.toks.size(); i++) {
      if (parser.toks.get(i).isIdentifier() && parser.toks.get(i + 1).is("<")) {
        parser.templateNames.add(parser.toks.get(i).text());
      }
    }
    try {
      QualifiedName name = parser.qualifiedName(false);
      return parser.atEof() ? name : null;
    } catch (ParseError e) {
      return null;
    }
  }

  // ------------------------------------------------------------------ token helpers

  /** Parses where '>' closes a template argument list rather than comparing. */
  private <T> T withoutGreater(java.util.function.Supplier<T> parse) {
    noGreater++;
    try {
      return parse.get();
    } finally {
      noGreater--;
    }
  }

  private Token cur() {
    return toks.get(p);
  }

  private Token peek(int n) {
    return toks.get(Math.min(p + n, toks.size() - 1));
  }

  private boolean atEof() {
    return cur().kind() == TokenKind.EOF;
  }

  private boolean at(String s) {
    return cur().is(s);
  }

  private boolean accept(String s) {
    if (at(s)) {
      p++;
      return true;
    }
    return false;
  }

  private Token expect(String s) {
    if (at(">") && s.equals(">")) {
      return toks.get(p++);
    }
    if (s.equals(">") && at(">>")) { // the end of nested template arguments: split '>>'
      Token t = cur();
      Token gt = t.withText(TokenKind.PUNCT, ">");
      toks.set(p, gt);
      toks.add(p + 1, gt);
      return toks.get(p++);
    }
    if (!at(s)) {
      throw new ParseError(cur(), "expected '" + s + "' but found '" + describe(cur()) + "'");
    }
    return toks.get(p++);
  }

  private static String describe(Token t) {
    return t.kind() == TokenKind.EOF ? "end of file" : t.text();
  }

  private Token identifier() {
    if (!cur().isIdentifier()) {
      throw new ParseError(cur(), "expected an identifier but found '" + describe(cur()) + "'");
    }
    return toks.get(p++);
  }

  /** Skips a balanced group starting at the current opening bracket. */
  private void skipBalanced() {
    String open = cur().text();
    String close = switch (open) {
      case "(" -> ")";
      case "[" -> "]";
      case "{" -> "}";
      default -> throw new ParseError(cur(), "internal: not a bracket");
    };
    int depth = 0;
    while (!atEof()) {
      if (at(open)) {
        depth++;
      } else if (at(close)) {
        depth--;
        if (depth == 0) {
          p++;
          return;
        }
      }
      p++;
    }
  }

  /** Recovery: skip to the end of the current statement or declaration (';' or a block). */
  private void recover(boolean inBlock) {
    int depth = 0;
    while (!atEof()) {
      if (at("(") || at("[")) {
        skipBalanced();
        continue;
      }
      if (at("{")) {
        skipBalanced();
        if (depth == 0 && !inBlock) {
          accept(";");
          return;
        }
        continue;
      }
      if (at("}")) {
        if (inBlock) {
          return; // leave the block's own '}' for its owner
        }
        p++;
        return;
      }
      if (at(";")) {
        p++;
        return;
      }
      p++;
    }
  }

  private boolean isTypeName(String name) {
    if (typeNames.contains(name)) {
      return true;
    }
    for (Set<String> s : scopeTypes) {
      if (s.contains(name)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ declarations

  private void declaration(List<Decl> out, String recordName) {
    int start = p;
    try {
      declarationInner(out, recordName, null);
    } catch (ParseError e) {
      problems.add(new Problem(e.at, e.getMessage()));
      skipDeclaration(out, start, e.getMessage());
    } catch (RuntimeException e) { // a gap in the parser: skip the declaration, keep the file
      problems.add(new Problem(toks.get(start), "internal parser error (" + e + ")"));
      skipDeclaration(out, start, e.toString());
    }
  }

  private void skipDeclaration(List<Decl> out, int start, String why) {
    p = Math.min(Math.max(p, start), toks.size() - 1);
    if (p == start) {
      p++;
    }
    recover(false);
    for (int i = start; i + 1 < p; i++) {
      if (toks.get(i).isIdentifier() && toks.get(i + 1).is("(")) {
        possiblyDeclared.add(toks.get(i).text());
      }
    }
    out.add(new Decl.Skipped(toks.get(start), toks.get(Math.max(start, p - 1)), why));
  }

  private void declarationInner(List<Decl> out, String recordName, ImmutableList<Decl.TemplateParam> tparams) {
    Token s = cur();
    if (accept(";")) {
      return;
    }
    if (recordName != null && (at("public") || at("private") || at("protected")) && peek(1).is(":")) {
      p += 2;
      return;
    }
    switch (s.text()) {
      case "namespace" -> {
        namespace(out);
        return;
      }
      case "using" -> {
        out.add(using(tparams));
        return;
      }
      case "typedef" -> {
        out.addAll(typedef());
        return;
      }
      case "template" -> {
        template(out, recordName);
        return;
      }
      case "static_assert" -> {
        recover(false);
        return;
      }
      case "enum" -> {
        out.add(enumDecl());
        return;
      }
      default -> {
        // below
      }
    }
    if (at("extern") && peek(1).kind() == TokenKind.STRING) {
      p += 2;
      if (at("{")) {
        p++;
        while (!at("}") && !atEof()) {
          declaration(out, null);
        }
        expect("}");
      } else {
        declarationInner(out, recordName, tparams);
      }
      return;
    }
    if (at("extern") && peek(1).is("template")) {
      recover(false);
      return;
    }
    simpleDeclaration(out, tparams, recordName, false);
  }

  private void namespace(List<Decl> out) {
    Token s = expect("namespace");
    List<String> names = new ArrayList<>();
    while (cur().isIdentifier() && !at("{")) {
      names.add(identifier().text());
      if (!accept("::")) {
        break;
      }
    }
    if (accept("=")) { // namespace alias
      recover(false);
      return;
    }
    attributes();
    expect("{");
    List<Decl> inner = new ArrayList<>();
    while (!at("}") && !atEof()) {
      declaration(inner, null);
    }
    expect("}");
    Decl.Namespace ns = null;
    for (int i = names.size() - 1; i >= 0; i--) {
      ns = new Decl.Namespace(s, names.get(i), ns == null ? ImmutableList.copyOf(inner) : ImmutableList.of(ns));
    }
    out.add(ns != null ? ns : new Decl.Namespace(s, null, ImmutableList.copyOf(inner)));
  }

  private Decl using(ImmutableList<Decl.TemplateParam> tparams) {
    Token s = expect("using");
    if (accept("namespace")) {
      QualifiedName target = qualifiedName(false);
      expect(";");
      return new Decl.UsingNamespace(s, target);
    }
    if (cur().isIdentifier() && peek(1).is("=")) {
      Token name = identifier();
      expect("=");
      TypeSpec type = typeWithDeclarator();
      expect(";");
      typeNames.add(name.text());
      if (tparams != null) {
        templateNames.add(name.text());
      }
      return new Decl.Alias(name, name.text(), type, tparams);
    }
    accept("typename");
    QualifiedName target = qualifiedName(false);
    expect(";");
    if (isTypeName(target.lastName())) {
      typeNames.add(target.lastName());
    }
    return new Decl.UsingName(s, target);
  }

  private List<Decl> typedef() {
    expect("typedef");
    TypeSpec base = type();
    List<Decl> out = new ArrayList<>();
    do {
      TypeSpec t = pointerOps(base);
      if (at("(")) { // function pointer typedef: typedef void (*fn)(int);
        p++;
        accept("*");
        Token name = identifier();
        expect(")");
        if (at("(")) {
          skipBalanced();
        }
        typeNames.add(name.text());
        out.add(new Decl.Alias(name, name.text(), opaque(t.start()), null));
        continue;
      }
      Token name = identifier();
      int arrays = 0;
      while (at("[")) {
        skipBalanced();
        arrays++;
      }
      typeNames.add(name.text());
      out.add(new Decl.Alias(name, name.text(), t.withPointers(t.pointers(), t.ref(), t.arrayDims() + arrays, false),
          null));
    } while (accept(","));
    expect(";");
    return out;
  }

  private Decl enumDecl() {
    Token s = expect("enum");
    if (!accept("class")) {
      accept("struct");
    }
    attributes();
    String name = cur().isIdentifier() ? identifier().text() : null;
    if (name != null) {
      typeNames.add(name);
    }
    if (accept(":")) {
      type();
    }
    if (at("{")) {
      skipBalanced();
    }
    if (!at(";")) {
      recover(false);
    } else {
      p++;
    }
    return new Decl.Enum(s, name);
  }

  private void template(List<Decl> out, String recordName) {
    Token s = expect("template");
    if (!at("<")) { // explicit instantiation definition
      List<Decl> inner = new ArrayList<>();
      simpleDeclaration(inner, null, recordName, true);
      for (Decl d : inner) {
        if (d instanceof Decl.Function f) {
          out.add(new Decl.ExplicitInstantiation(s, f.name()));
        }
      }
      return;
    }
    expect("<");
    List<Decl.TemplateParam> params = new ArrayList<>();
    Set<String> scope = new HashSet<>();
    while (!at(">") && !at(">>") && !atEof()) {
      params.add(templateParam(scope));
      if (!accept(",")) {
        break;
      }
    }
    expect(">");
    scopeTypes.push(scope);
    try {
      declarationInner(out, recordName, ImmutableList.copyOf(params));
    } finally {
      scopeTypes.pop();
    }
  }

  private Decl.TemplateParam templateParam(Set<String> scope) {
    Token s = cur();
    if (at("template")) {
      p++;
      expect("<");
      int depth = 1;
      while (depth > 0 && !atEof()) {
        if (at("<")) {
          depth++;
        } else if (at(">")) {
          depth--;
        } else if (at(">>")) {
          depth -= 2;
        }
        p++;
      }
      if (!accept("class")) {
        accept("typename");
      }
      boolean pack = accept("...");
      String name = cur().isIdentifier() ? identifier().text() : null;
      if (name != null) {
        scope.add(name);
        templateNames.add(name);
      }
      boolean def = false;
      if (accept("=")) {
        def = true;
        qualifiedName(true);
      }
      return new Decl.TemplateParam(s, Decl.TemplateParam.Kind.TEMPLATE, name, pack, def, null);
    }
    if ((at("typename") || at("class")) && (peek(1).isIdentifier() || peek(1).is("...") || peek(1).is(",")
        || peek(1).is(">") || peek(1).is("=")) && !peek(2).is("::")) {
      p++;
      boolean pack = accept("...");
      String name = cur().isIdentifier() ? identifier().text() : null;
      if (name != null) {
        scope.add(name);
      }
      boolean def = false;
      if (accept("=")) {
        def = true;
        withoutGreater(() -> typeWithDeclarator());
      }
      return new Decl.TemplateParam(s, Decl.TemplateParam.Kind.TYPE, name, pack, def, null);
    }
    TypeSpec type = typeWithDeclarator();
    boolean pack = accept("...");
    String name = cur().isIdentifier() ? identifier().text() : null;
    boolean def = false;
    if (accept("=")) {
      def = true;
      withoutGreater(() -> assignment());
    }
    return new Decl.TemplateParam(s, Decl.TemplateParam.Kind.VALUE, name, pack, def, type);
  }

  /** Skips decl-specifiers and attributes; returns the CUDA qualifiers among them. */
  private Set<String> specifiers() {
    Set<String> found = new LinkedHashSet<>();
    while (true) {
      if (DECL_SPECIFIERS.contains(cur().text()) && cur().isIdentifier()) {
        if (CUDA_QUALIFIERS.contains(cur().text())) {
          found.add(cur().text());
        }
        p++;
      } else if (SPECIFIERS_WITH_ARGS.contains(cur().text()) && peek(1).is("(")) {
        p++;
        skipBalanced();
      } else if (at("[") && peek(1).is("[")) {
        skipBalanced();
      } else {
        return found;
      }
    }
  }

  private void attributes() {
    specifiers();
  }

  private void simpleDeclaration(List<Decl> out, ImmutableList<Decl.TemplateParam> tparams, String recordName,
      boolean explicitInstantiation) {
    Set<String> quals = new LinkedHashSet<>(specifiers());
    if ((at("struct") || at("class") || at("union")) && !isElaboratedUse()) {
      Decl.Record r = record(tparams);
      out.add(r);
      if (!accept(";")) { // struct X {...} x, *y;
        recover(false);
      }
      return;
    }
    if (at("enum")) {
      out.add(enumDecl());
      return;
    }
    // constructors and destructors
    if (recordName != null && ((at(recordName) && peek(1).is("(")) || (at("~") && peek(1).is(recordName)))) {
      Token name = at("~") ? toks.get(p + 1) : cur();
      p += at("~") ? 2 : 1;
      constructor(out, name, tparams, quals);
      return;
    }
    if (at("operator")) {
      recover(false);
      return;
    }
    TypeSpec base = type();
    quals.addAll(specifiers());
    while (true) {
      TypeSpec t = pointerOps(base);
      quals.addAll(specifiers());
      if (at("(") && (peek(1).is("*") || peek(1).is("&"))) { // (*fp)(...) or (&arr)[n]: kept opaque
        skipBalanced();
        while (at("(") || at("[")) {
          skipBalanced();
        }
        t = opaque(t.start());
        initializerAndEnd(out, null, t);
        if (accept(",")) {
          continue;
        }
        expect(";");
        return;
      }
      if (at("operator")) {
        while (!at("(") && !atEof()) {
          p++;
        }
        if (at("(") && peek(1).is(")") && toks.get(p - 1).is("operator")) {
          p += 2;
        }
        skipBalanced();
        functionTail();
        if (at("{")) {
          skipBalanced();
        } else {
          expect(";");
        }
        return;
      }
      QualifiedName name = declaratorName(explicitInstantiation);
      if (at("(") && looksLikeParameters()) {
        function(out, name, t, tparams, quals, recordName != null);
        return;
      }
      int arrays = 0;
      while (at("[")) {
        skipBalanced();
        arrays++;
      }
      TypeSpec declared = t.withPointers(t.pointers(), t.ref(), t.arrayDims() + arrays, t.pack());
      if (at(":") && recordName != null) { // bit-field
        p++;
        conditional();
      }
      if (recordName != null) {
        out.add(new Decl.Field(name.token(), name.lastName(), declared));
        skipInitializer();
      } else {
        initializerAndEnd(out, name, declared);
      }
      if (accept(",")) {
        continue;
      }
      expect(";");
      return;
    }
  }

  /** {@code struct X* p;}: the keyword names a type here rather than declaring a record. */
  private boolean isElaboratedUse() {
    int q = p + 1;
    while (toks.get(q).isIdentifier() || toks.get(q).is("::")) {
      q++;
    }
    String next = toks.get(q).text();
    return q > p + 1 && !next.equals("{") && !next.equals(":") && !next.equals(";") && !next.equals("<")
        && !next.equals("final");
  }

  private void skipInitializer() {
    if (at("=")) {
      p++;
      if (at("{")) {
        skipBalanced();
      } else {
        assignment();
      }
    } else if (at("{")) {
      skipBalanced();
    }
  }

  private void initializerAndEnd(List<Decl> out, QualifiedName name, TypeSpec type) {
    Expr init = null;
    if (accept("=")) {
      init = at("{") ? initList() : assignment();
    } else if (at("{")) {
      init = initList();
    } else if (at("(")) {
      Token open = cur();
      p++;
      List<Expr> args = new ArrayList<>();
      while (!at(")") && !atEof()) {
        args.add(assignment());
        if (!accept(",")) {
          break;
        }
      }
      expect(")");
      init = new Expr.Cast(open, "construct", type, ImmutableList.copyOf(args));
    }
    if (name != null) {
      out.add(new Decl.Var(name.token(), name.lastName(), type, init));
    }
  }

  private QualifiedName declaratorName(boolean explicitInstantiation) {
    if (!cur().isIdentifier() && !at("::")) {
      throw new ParseError(cur(), "expected a declarator name but found '" + describe(cur()) + "'");
    }
    boolean global = accept("::");
    List<QualifiedName.Part> parts = new ArrayList<>();
    while (true) {
      Token id = identifier();
      ImmutableList<TemplateArg> args = null;
      if (at("<") && (explicitInstantiation || templateNames.contains(id.text()) || peek(1).is(">"))) {
        args = templateArgs();
      }
      parts.add(new QualifiedName.Part(id, args));
      if (at("::") && (peek(1).isIdentifier() || peek(1).is("~"))) {
        p++;
        accept("~");
        continue;
      }
      break;
    }
    return new QualifiedName(global, ImmutableList.copyOf(parts));
  }

  /** After a declarator name, '(' starts parameters unless it starts a direct initialiser. */
  private boolean looksLikeParameters() {
    Token next = peek(1);
    if (next.is(")") || next.is("...")) {
      return true;
    }
    int save = p;
    p++;
    try {
      specifiers();
      return startsType();
    } finally {
      p = save;
    }
  }

  private void function(List<Decl> out, QualifiedName name, TypeSpec ret, ImmutableList<Decl.TemplateParam> tparams,
      Set<String> quals, boolean method) {
    List<Decl.Param> params = new ArrayList<>();
    boolean cVariadic = parameterList(params);
    functionTail();
    quals.addAll(specifiers());
    if (accept("->")) {
      ret = typeWithDeclarator();
    }
    if (at("=") && (peek(1).is("default") || peek(1).is("delete") || peek(1).is("0"))) {
      p += 2;
    }
    Stmt.Block body = null;
    if (at("{")) {
      body = block();
    } else {
      expect(";");
    }
    if (tparams != null) {
      templateNames.add(name.lastName());
    }
    out.add(new Decl.Function(name.token(), name, ret, ImmutableList.copyOf(params), cVariadic, tparams,
        ImmutableSet.copyOf(quals), body, method));
  }

  private void constructor(List<Decl> out, Token name, ImmutableList<Decl.TemplateParam> tparams, Set<String> quals) {
    List<Decl.Param> params = new ArrayList<>();
    parameterList(params);
    functionTail();
    if (accept(":")) { // member initialisers
      while (!at("{") && !atEof()) {
        if (at("(") || at("[")) {
          skipBalanced();
        } else {
          p++;
          if (at("{") && toks.get(p - 1).isIdentifier()) {
            skipBalanced();
          }
        }
      }
    }
    if (at("=") && (peek(1).is("default") || peek(1).is("delete"))) {
      p += 2;
    }
    Stmt.Block body = at("{") ? block() : null;
    if (body == null) {
      expect(";");
    }
    out.add(new Decl.Function(name, QualifiedName.simple(name), null, ImmutableList.copyOf(params), false, tparams,
        ImmutableSet.copyOf(quals), body, true));
  }

  /** {@code ( params )}: fills {@code params}; true when it ends in C varargs ({@code ...}). */
  private boolean parameterList(List<Decl.Param> params) {
    expect("(");
    boolean cVariadic = false;
    while (!at(")") && !atEof()) {
      if (accept("...")) {
        cVariadic = true;
        break;
      }
      params.add(parameter());
      if (!accept(",")) {
        break;
      }
    }
    expect(")");
    return cVariadic;
  }

  private void functionTail() {
    while (true) {
      if (at("const") || at("volatile") || at("override") || at("final") || at("&") || at("&&")) {
        p++;
      } else if (at("noexcept") || at("throw")) {
        p++;
        if (at("(")) {
          skipBalanced();
        }
      } else if (at("[") && peek(1).is("[")) {
        skipBalanced();
      } else if (SPECIFIERS_WITH_ARGS.contains(cur().text()) && peek(1).is("(")) {
        p++;
        skipBalanced();
      } else {
        return;
      }
    }
  }

  private Decl.Param parameter() {
    specifiers();
    Token s = cur();
    TypeSpec type = type();
    type = pointerOps(type);
    specifiers();
    boolean pack = accept("...");
    if (at("(") && (peek(1).is("*") || peek(1).is("&"))) { // T (*name)[N] or void (*fn)(int)
      p++;
      p++;
      Token name = cur().isIdentifier() ? identifier() : s;
      expect(")");
      while (at("[") || at("(")) {
        skipBalanced();
      }
      return new Decl.Param(name, name == s ? null : name.text(), opaque(s), skipDefault());
    }
    String name = null;
    Token nameTok = s;
    if (cur().isIdentifier()) {
      nameTok = identifier();
      name = nameTok.text();
    }
    int arrays = 0;
    while (at("[")) {
      skipBalanced();
      arrays++;
    }
    boolean def = skipDefault();
    // an array parameter is a pointer
    TypeSpec declared = arrays > 0
        ? type.withPointers(ImmutableList.<TypeSpec.PointerLevel>builder().addAll(type.pointers())
            .add(new TypeSpec.PointerLevel(false, false)).build(), type.ref(), arrays - 1, pack)
        : type.withPointers(type.pointers(), type.ref(), 0, pack || type.pack());
    return new Decl.Param(nameTok, name, declared, def);
  }

  private boolean skipDefault() {
    if (!accept("=")) {
      return false;
    }
    if (at("{")) {
      skipBalanced();
    } else {
      assignment();
    }
    return true;
  }

  private Decl.Record record(ImmutableList<Decl.TemplateParam> tparams) {
    Token s = cur();
    String keyword = toks.get(p++).text();
    attributes();
    String name = null;
    if (cur().isIdentifier() && !at("final")) {
      QualifiedName qn = declaratorName(true);
      name = qn.lastName();
      typeNames.add(name);
      if (tparams != null) {
        templateNames.add(name);
      }
    }
    accept("final");
    List<QualifiedName> bases = new ArrayList<>();
    if (accept(":")) {
      do {
        while (at("public") || at("private") || at("protected") || at("virtual")) {
          p++;
        }
        bases.add(qualifiedName(true));
        accept("...");
      } while (accept(","));
    }
    List<Decl> members = new ArrayList<>();
    boolean definition = false;
    if (at("{")) {
      definition = true;
      p++;
      while (!at("}") && !atEof()) {
        declaration(members, name == null ? "<anonymous>" : name);
      }
      expect("}");
    }
    return new Decl.Record(s, keyword, name, tparams, ImmutableList.copyOf(bases), ImmutableList.copyOf(members),
        definition);
  }

  // ------------------------------------------------------------------ types

  private TypeSpec opaque(Token at) {
    return new TypeSpec(at, null, null, false, true, false, false, ImmutableList.of(), TypeSpec.Ref.NONE, 0, false);
  }

  /** Whether the current token can begin a type. */
  private boolean startsType() {
    Token t = cur();
    String s = t.text();
    if (!t.isIdentifier() && !t.is("::")) {
      return false;
    }
    if (BUILTIN_TYPE_WORDS.contains(s) || s.equals("const") || s.equals("volatile") || s.equals("auto")
        || s.equals("typename") || s.equals("decltype") || s.equals("struct") || s.equals("class")
        || s.equals("enum") || s.equals("union")) {
      return true;
    }
    int q = p;
    if (toks.get(q).is("::")) {
      q++;
    }
    // walk a qualified name: the last identifier decides
    String last = null;
    while (toks.get(q).isIdentifier()) {
      last = toks.get(q).text();
      q++;
      if (toks.get(q).is("<") && templateNames.contains(last)) {
        q = skipAngles(q);
        if (q < 0) {
          return false;
        }
      }
      if (toks.get(q).is("::") && toks.get(q + 1).isIdentifier()) {
        q++;
        continue;
      }
      break;
    }
    return last != null && isTypeName(last);
  }

  /** Index after the '>' matching the '<' at q, or -1. */
  private int skipAngles(int q) {
    int depth = 0;
    for (int i = q; i < toks.size(); i++) {
      Token t = toks.get(i);
      if (t.is("<")) {
        depth++;
      } else if (t.is(">")) {
        depth--;
      } else if (t.is(">>")) {
        depth -= 2;
      } else if (t.is("(") ) {
        int close = matching(i);
        if (close < 0) {
          return -1;
        }
        i = close;
        continue;
      } else if (t.is(";") || t.is("{") || t.is("}") || t.kind() == TokenKind.EOF) {
        return -1;
      }
      if (depth <= 0) {
        return i + 1;
      }
    }
    return -1;
  }

  private int matching(int open) {
    int depth = 0;
    for (int i = open; i < toks.size(); i++) {
      if (toks.get(i).is("(")) {
        depth++;
      } else if (toks.get(i).is(")")) {
        if (--depth == 0) {
          return i;
        }
      } else if (toks.get(i).kind() == TokenKind.EOF) {
        return -1;
      }
    }
    return -1;
  }

  /** A type without declarator operators. */
  private TypeSpec type() {
    Token s = cur();
    boolean isConst = false;
    boolean isVolatile = false;
    while (true) {
      if (accept("const")) {
        isConst = true;
      } else if (accept("volatile")) {
        isVolatile = true;
      } else if (at("typename") || at("struct") || at("class") || at("enum") || at("union") || at("__restrict__")) {
        p++;
      } else if (DECL_SPECIFIERS.contains(cur().text()) && cur().isIdentifier() && !at("const")) {
        p++;
      } else {
        break;
      }
    }
    String builtin = null;
    QualifiedName name = null;
    boolean isAuto = false;
    boolean opaque = false;
    if (BUILTIN_TYPE_WORDS.contains(cur().text()) && cur().isIdentifier()) {
      List<String> words = new ArrayList<>();
      while (BUILTIN_TYPE_WORDS.contains(cur().text()) || at("const") || at("volatile")) {
        if (at("const")) {
          isConst = true;
        } else if (at("volatile")) {
          isVolatile = true;
        } else {
          words.add(cur().text());
        }
        p++;
      }
      builtin = canonicalBuiltin(words);
    } else if (accept("auto")) {
      isAuto = true;
    } else if (at("decltype") || at("__typeof__") || at("typeof")) {
      p++;
      skipBalanced();
      opaque = true;
    } else if (cur().isIdentifier() || at("::")) {
      name = qualifiedName(true);
    } else {
      throw new ParseError(cur(), "expected a type but found '" + describe(cur()) + "'");
    }
    while (at("const") || at("volatile")) {
      if (toks.get(p++).is("const")) {
        isConst = true;
      } else {
        isVolatile = true;
      }
    }
    return new TypeSpec(s, builtin, name, isAuto, opaque, isConst, isVolatile, ImmutableList.of(), TypeSpec.Ref.NONE,
        0, false);
  }

  private TypeSpec typeWithDeclarator() {
    TypeSpec t = pointerOps(type());
    if (at("(") && (peek(1).is("*") || peek(1).is("&"))) { // pointer or reference to a function or an array
      skipBalanced();
      if (at("(")) {
        skipBalanced();
      }
      while (at("[")) {
        skipBalanced();
      }
      return opaque(t.start());
    }
    if (at("(") && !t.isAuto()) { // function type: void(int)
      skipBalanced();
      return opaque(t.start());
    }
    int arrays = 0;
    while (at("[")) {
      skipBalanced();
      arrays++;
    }
    boolean pack = accept("...");
    return t.withPointers(t.pointers(), t.ref(), arrays, pack);
  }

  private TypeSpec pointerOps(TypeSpec base) {
    List<TypeSpec.PointerLevel> levels = new ArrayList<>(base.pointers());
    TypeSpec.Ref ref = TypeSpec.Ref.NONE;
    while (true) {
      if (accept("*")) {
        boolean c = false;
        boolean v = false;
        while (at("const") || at("volatile") || at("__restrict__") || at("__restrict")) {
          if (at("const")) {
            c = true;
          } else if (at("volatile")) {
            v = true;
          }
          p++;
        }
        levels.add(new TypeSpec.PointerLevel(c, v));
      } else if (accept("&")) {
        ref = TypeSpec.Ref.LVALUE;
      } else if (accept("&&")) {
        ref = TypeSpec.Ref.RVALUE;
      } else {
        break;
      }
    }
    boolean pack = at("...") && (peek(1).isIdentifier() || peek(1).is(")") || peek(1).is(",") || peek(1).is(">"));
    if (pack) {
      p++;
    }
    return base.withPointers(ImmutableList.copyOf(levels), ref, base.arrayDims(), pack || base.pack());
  }

  static String canonicalBuiltin(List<String> words) {
    int longs = 0;
    boolean unsigned = false;
    boolean signed = false;
    String base = null;
    for (String w : words) {
      switch (w) {
        case "long" -> longs++;
        case "unsigned" -> unsigned = true;
        case "signed" -> signed = true;
        case "int" -> {
          if (base == null) {
            base = "int";
          }
        }
        default -> base = w;
      }
    }
    if (base == null || base.equals("int")) {
      if (words.contains("short")) {
        base = "short";
      } else if (longs == 1) {
        base = "long";
      } else if (longs >= 2) {
        base = "long long";
      } else {
        base = "int";
      }
    } else if (base.equals("short")) {
      base = "short";
    } else if (base.equals("double") && longs > 0) {
      base = "long double";
    }
    if (base.equals("char")) {
      return unsigned ? "unsigned char" : signed ? "signed char" : "char";
    }
    return unsigned ? "unsigned " + base : base;
  }

  private QualifiedName qualifiedName(boolean typeContext) {
    boolean global = accept("::");
    List<QualifiedName.Part> parts = new ArrayList<>();
    while (true) {
      accept("template");
      Token id = identifier();
      ImmutableList<TemplateArg> args = null;
      if (at("<") && (templateNames.contains(id.text()) || (typeContext && isTypeName(id.text())
          && skipAngles(p) > 0 && !toks.get(skipAngles(p)).isIdentifier()))) {
        args = templateArgs();
      }
      parts.add(new QualifiedName.Part(id, args));
      if (at("::") && (peek(1).isIdentifier() || peek(1).is("template"))) {
        p++;
        continue;
      }
      break;
    }
    return new QualifiedName(global, ImmutableList.copyOf(parts));
  }

  private ImmutableList<TemplateArg> templateArgs() {
    expect("<");
    List<TemplateArg> args = withoutGreater(() -> {
      List<TemplateArg> list = new ArrayList<>();
      while (!at(">") && !at(">>") && !atEof()) {
        if (startsType()) {
          list.add(new TemplateArg.Type(typeWithDeclarator()));
        } else {
          list.add(new TemplateArg.Value(conditional()));
          accept("...");
        }
        if (!accept(",")) {
          break;
        }
      }
      return list;
    });
    expect(">");
    return ImmutableList.copyOf(args);
  }

  // ------------------------------------------------------------------ statements

  private Stmt.Block block() {
    Token s = expect("{");
    List<Stmt> stmts = new ArrayList<>();
    scopeTypes.push(new HashSet<>());
    try {
      while (!at("}") && !atEof()) {
        stmts.add(statement());
      }
    } finally {
      scopeTypes.pop();
    }
    expect("}");
    return new Stmt.Block(s, ImmutableList.copyOf(stmts));
  }

  private Stmt statement() {
    int start = p;
    try {
      return statementInner();
    } catch (ParseError e) {
      problems.add(new Problem(e.at, e.getMessage()));
      if (p == start) {
        p++;
      }
      recover(true);
      return new Stmt.Skipped(toks.get(start), toks.get(Math.max(start, p - 1)), e.getMessage());
    }
  }

  private Stmt statementInner() {
    Token s = cur();
    switch (s.kind() == TokenKind.IDENTIFIER || s.kind() == TokenKind.PUNCT ? s.text() : "") {
      case "{":
        return block();
      case ";":
        p++;
        return new Stmt.Empty(s);
      case "if": {
        p++;
        accept("constexpr");
        expect("(");
        Stmt init = null;
        Expr cond;
        if (startsDeclaration()) {
          Stmt.Declaration d = declarationStatement(false);
          if (accept(";")) {
            init = d;
            cond = expression();
          } else {
            init = d;
            cond = d.vars().isEmpty() ? new Expr.Unknown(s) : d.vars().get(0).init();
          }
        } else {
          cond = expression();
        }
        expect(")");
        Stmt then = statement();
        Stmt otherwise = accept("else") ? statement() : null;
        return new Stmt.If(s, init, cond, then, otherwise);
      }
      case "for": {
        p++;
        expect("(");
        scopeTypes.push(new HashSet<>());
        try {
          Stmt init = null;
          if (startsDeclaration()) {
            Stmt.Declaration d = declarationStatement(true);
            if (accept(":")) {
              Expr range = expression();
              expect(")");
              return new Stmt.RangeFor(s, d.vars().get(0), range, statement());
            }
            init = d;
            expect(";");
          } else if (!accept(";")) {
            init = new Stmt.ExprStmt(cur(), expression());
            expect(";");
          }
          Expr cond = at(";") ? null : expression();
          expect(";");
          Expr step = at(")") ? null : expression();
          expect(")");
          return new Stmt.For(s, init, cond, step, statement());
        } finally {
          scopeTypes.pop();
        }
      }
      case "while": {
        p++;
        Expr cond = parenthesized();
        return new Stmt.While(s, cond, statement());
      }
      case "do": {
        p++;
        Stmt body = statement();
        expect("while");
        Expr cond = parenthesized();
        expect(";");
        return new Stmt.DoWhile(s, body, cond);
      }
      case "switch": {
        p++;
        Expr cond = parenthesized();
        return new Stmt.Switch(s, cond, statement());
      }
      case "case": {
        p++;
        Expr value = conditional();
        expect(":");
        return new Stmt.Label(s, value);
      }
      case "default":
        if (peek(1).is(":")) {
          p += 2;
          return new Stmt.Label(s, null);
        }
        break;
      case "return": {
        p++;
        Expr value = at(";") ? null : at("{") ? initList() : expression();
        expect(";");
        return new Stmt.Return(s, value);
      }
      case "break":
      case "continue":
        p++;
        expect(";");
        return new Stmt.Jump(s);
      case "goto":
        p++;
        identifier();
        expect(";");
        return new Stmt.Jump(s);
      case "asm":
      case "__asm__":
      case "__asm":
        return asm();
      case "static_assert":
        recover(true);
        return new Stmt.Empty(s);
      case "using":
        return new Stmt.LocalDecl(s, using(null));
      case "typedef": {
        List<Decl> ds = typedef();
        return new Stmt.LocalDecl(s, ds.isEmpty() ? new Decl.Skipped(s, s, "empty typedef") : ds.get(0));
      }
      case "struct":
      case "class":
      case "union":
        if (!isElaboratedUse()) {
          List<Decl> ds = new ArrayList<>();
          simpleDeclaration(ds, null, null, false);
          return new Stmt.LocalDecl(s, ds.isEmpty() ? new Decl.Skipped(s, s, "") : ds.get(0));
        }
        break;
      case "enum":
        return new Stmt.LocalDecl(s, enumDecl());
      default:
        break;
    }
    if (cur().isIdentifier() && peek(1).is(":") && !peek(1).is("::") && !isTypeName(cur().text())) {
      p += 2; // a label
      return new Stmt.Label(s, null);
    }
    if (startsDeclaration()) {
      Stmt.Declaration d = declarationStatement(false);
      expect(";");
      return d;
    }
    Expr e = expression();
    expect(";");
    return new Stmt.ExprStmt(s, e);
  }

  /** Whether a statement starting here is a declaration (C++: if it can be one, it is). */
  private boolean startsDeclaration() {
    int save = p;
    try {
      Set<String> before = specifiers();
      boolean sawSpecifier = p != save;
      if (!startsType()) {
        return false;
      }
      if (sawSpecifier && before.isEmpty()) {
        return true;
      }
      String first = cur().text();
      if (BUILTIN_TYPE_WORDS.contains(first) || first.equals("auto") || first.equals("const")
          || first.equals("volatile") || first.equals("struct") || first.equals("typename")
          || first.equals("decltype")) {
        // a functional cast such as float(x) or unsigned(y) is an expression
        if (BUILTIN_TYPE_WORDS.contains(first) && (peek(1).is("(") || peek(1).is("{"))) {
          return false;
        }
        return true;
      }
      TypeSpec t = pointerOps(type());
      // T x, T* x, T& x, T<..> x: a declaration; T(x) or T{x} with nothing before: an expression
      return cur().isIdentifier() || (!t.pointers().isEmpty() && (cur().isIdentifier() || at("(")))
          || (t.ref() != TypeSpec.Ref.NONE && cur().isIdentifier());
    } catch (ParseError e) {
      return false;
    } finally {
      p = save;
    }
  }

  /** {@code ( expression )}, as after while, switch and do ... while. */
  private Expr parenthesized() {
    expect("(");
    Expr e = expression();
    expect(")");
    return e;
  }

  private Stmt.Declaration declarationStatement(boolean inFor) {
    Token s = cur();
    specifiers();
    TypeSpec base = type();
    specifiers();
    List<Decl.Var> vars = new ArrayList<>();
    while (true) {
      TypeSpec t = pointerOps(base);
      specifiers();
      if (at("(") && (peek(1).is("*") || peek(1).is("&"))) {
        skipBalanced();
        while (at("(") || at("[")) {
          skipBalanced();
        }
        t = opaque(t.start());
        skipInitializer();
        if (!accept(",")) {
          break;
        }
        continue;
      }
      Token name = identifier();
      int arrays = 0;
      while (at("[")) {
        skipBalanced();
        arrays++;
      }
      TypeSpec declared = t.withPointers(t.pointers(), t.ref(), t.arrayDims() + arrays, t.pack());
      if (inFor && at(":")) {
        vars.add(new Decl.Var(name, name.text(), declared, null));
        return new Stmt.Declaration(s, ImmutableList.copyOf(vars));
      }
      List<Decl> one = new ArrayList<>();
      initializerAndEnd(one, QualifiedName.simple(name), declared);
      vars.add((Decl.Var) one.get(0));
      if (!accept(",")) {
        break;
      }
    }
    return new Stmt.Declaration(s, ImmutableList.copyOf(vars));
  }

  private Stmt asm() {
    Token s = cur();
    p++;
    while (at("volatile") || at("__volatile__") || at("goto") || at("inline")) {
      p++;
    }
    expect("(");
    StringBuilder text = new StringBuilder();
    while (cur().kind() == TokenKind.STRING) {
      text.append(stringValue(toks.get(p++).text()));
    }
    List<Expr> operands = new ArrayList<>();
    while (accept(":") || accept("::")) {
      while (cur().kind() == TokenKind.STRING || at("[")) {
        if (at("[")) {
          skipBalanced();
        }
        if (cur().kind() == TokenKind.STRING) {
          p++;
        }
        if (at("(")) {
          p++;
          operands.add(expression());
          expect(")");
        }
        if (!accept(",")) {
          break;
        }
      }
    }
    expect(")");
    expect(";");
    return new Stmt.Asm(s, text.toString(), ImmutableList.copyOf(operands));
  }

  static String stringValue(String literal) {
    int q = literal.indexOf('"');
    String body = literal.substring(q + 1, literal.length() - 1);
    return body.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
  }

  // ------------------------------------------------------------------ expressions

  private Expr expression() {
    Expr e = assignment();
    while (at(",") && noGreater == 0) {
      Token op = toks.get(p++);
      e = new Expr.Binary(op, e, assignment());
    }
    return e;
  }

  private Expr assignment() {
    Expr left = conditional();
    if (ASSIGNMENT_OPS.contains(cur().text()) && cur().kind() == TokenKind.PUNCT
        && !(noGreater > 0 && at(">>="))) {
      Token op = toks.get(p++);
      Expr right = at("{") ? initList() : assignment();
      return new Expr.Binary(op, left, right);
    }
    return left;
  }

  private Expr conditional() {
    Expr c = binary(0);
    if (accept("?")) {
      Expr a = expression();
      expect(":");
      Expr b = assignment();
      return new Expr.Conditional(c, a, b);
    }
    return c;
  }

  private Expr binary(int level) {
    if (level == BINARY_LEVELS.length) {
      return unary();
    }
    Expr left = binary(level + 1);
    while (true) {
      Token t = cur();
      if (t.kind() != TokenKind.PUNCT) {
        return left;
      }
      boolean match = false;
      for (String op : BINARY_LEVELS[level]) {
        if (t.text().equals(op)) {
          match = true;
          break;
        }
      }
      if (!match || (noGreater > 0 && (t.is(">") || t.is(">>")))) {
        return left;
      }
      p++;
      left = new Expr.Binary(t, left, binary(level + 1));
    }
  }

  private Expr unary() {
    Token s = cur();
    if (s.kind() == TokenKind.PUNCT) {
      switch (s.text()) {
        case "++", "--", "+", "-", "!", "~", "*", "&", "&&" -> {
          p++;
          return new Expr.Unary(s, s.text(), unary(), false);
        }
        case "(" -> {
          Expr cast = tryCast();
          if (cast != null) {
            return cast;
          }
        }
        default -> {
          // postfix
        }
      }
    } else if (s.isIdentifier()) {
      switch (s.text()) {
        case "sizeof", "alignof", "__alignof__", "_Alignof" -> {
          p++;
          if (accept("...")) {
            skipBalanced();
            return new Expr.Special(s, "sizeof...", ImmutableList.of());
          }
          if (at("(")) {
            int save = p;
            p++;
            if (startsType()) {
              try {
                typeWithDeclarator();
                if (accept(")")) {
                  return new Expr.Special(s, s.text(), ImmutableList.of());
                }
              } catch (ParseError e) {
                // an expression after all
              }
            }
            p = save;
          }
          return new Expr.Special(s, s.text(), ImmutableList.of(unary()));
        }
        case "new", "delete" -> {
          p++;
          if (at("[")) {
            skipBalanced();
          }
          while (!at(";") && !at(",") && !at(")") && !atEof()) {
            if (at("(") || at("[") || at("{")) {
              skipBalanced();
            } else {
              p++;
            }
          }
          return new Expr.Special(s, s.text(), ImmutableList.of());
        }
        case "co_await", "throw" -> {
          p++;
          return new Expr.Special(s, s.text(), at(";") ? ImmutableList.of() : ImmutableList.of(assignment()));
        }
        default -> {
          // postfix
        }
      }
    }
    return postfix(primary());
  }

  /** {@code (T) x} when what is inside the parentheses is a type. */
  private Expr tryCast() {
    Token open = cur();
    int save = p;
    p++;
    if (!startsType()) {
      p = save;
      return null;
    }
    try {
      TypeSpec t = typeWithDeclarator();
      if (accept(")") && !at(")") && !at(";") && !at(",") && !isBinaryOperatorOnly()) {
        Expr operand = at("{") ? initList() : unary();
        return new Expr.Cast(open, "c-style", t, ImmutableList.of(operand));
      }
    } catch (ParseError e) {
      // not a cast
    }
    p = save;
    return null;
  }

  private boolean isBinaryOperatorOnly() {
    return cur().kind() == TokenKind.PUNCT && Set.of("=", "==", "!=", "<", ">", "<=", ">=", "/", "%", "|", "^",
        "||", "&&", "?", ":", "]", "}", "+=", "-=", ".", "->", "[").contains(cur().text());
  }

  private Expr postfix(Expr e) {
    while (true) {
      Token t = cur();
      if (at("[")) {
        p++;
        Expr idx = expression();
        expect("]");
        e = new Expr.Index(e, idx);
      } else if (at("(")) {
        p++;
        e = new Expr.Call(e, arguments(), t);
      } else if (at("<<") && peek(1).is("<") && noGreater == 0) {
        p += 2;
        List<Expr> config = withoutGreater(() -> {
          List<Expr> list = new ArrayList<>();
          while (!at(">>") && !atEof()) {
            list.add(assignment());
            if (!accept(",")) {
              break;
            }
          }
          return list;
        });
        expect(">>");
        expect(">");
        Token open = expect("(");
        e = new Expr.Launch(e, ImmutableList.copyOf(config), arguments(), open);
      } else if (at(".") || at("->")) {
        boolean arrow = at("->");
        p++;
        accept("template");
        accept("~");
        Token name = identifier();
        ImmutableList<TemplateArg> targs = null;
        if (at("<") && templateNames.contains(name.text())) {
          targs = templateArgs();
        }
        e = new Expr.Member(e, name, targs, arrow);
      } else if ((at("++") || at("--"))) {
        p++;
        e = new Expr.Unary(t, t.text(), e, true);
      } else {
        return e;
      }
    }
  }

  private ImmutableList<Expr> arguments() {
    List<Expr> args = withGreater(() -> expressionList(")", false));
    expect(")");
    return ImmutableList.copyOf(args);
  }

  private Expr initList() {
    Token s = expect("{");
    List<Expr> items = withGreater(() -> expressionList("}", true));
    expect("}");
    return new Expr.InitList(s, ImmutableList.copyOf(items));
  }

  /** Comma-separated items (each possibly a braced list or followed by '...') up to {@code close}. */
  private List<Expr> expressionList(String close, boolean designators) {
    List<Expr> items = new ArrayList<>();
    while (!at(close) && !atEof()) {
      if (designators && at(".") && peek(1).isIdentifier() && peek(2).is("=")) { // designated initialiser
        p += 3;
      }
      items.add(at("{") ? initList() : assignment());
      accept("...");
      if (!accept(",")) {
        break;
      }
    }
    return items;
  }

  /** Inside brackets a '>' compares again, even within template arguments. */
  private <T> T withGreater(java.util.function.Supplier<T> parse) {
    int saved = noGreater;
    noGreater = 0;
    try {
      return parse.get();
    } finally {
      noGreater = saved;
    }
  }

  private Expr primary() {
    Token s = cur();
    switch (s.kind()) {
      case NUMBER -> {
        p++;
        String txt = s.text().toLowerCase(java.util.Locale.ROOT);
        boolean hex = txt.startsWith("0x");
        boolean floating = txt.contains(".") || (!hex && (txt.contains("e") || txt.endsWith("f")))
            || (hex && txt.contains("p"));
        return new Expr.Literal(s, floating ? Expr.Literal.Kind.FLOATING : Expr.Literal.Kind.INTEGER);
      }
      case STRING -> {
        while (cur().kind() == TokenKind.STRING) {
          p++;
        }
        return new Expr.Literal(s, Expr.Literal.Kind.STRING);
      }
      case CHAR -> {
        p++;
        return new Expr.Literal(s, Expr.Literal.Kind.CHARACTER);
      }
      default -> {
        // below
      }
    }
    if (at("(")) {
      p++;
      Expr inner = withGreater(this::expression);
      expect(")");
      return inner;
    }
    if (at("[")) {
      return lambda();
    }
    if (at("{")) {
      return initList();
    }
    if (!s.isIdentifier() && !at("::")) {
      throw new ParseError(s, "expected an expression but found '" + describe(s) + "'");
    }
    switch (s.text()) {
      case "true", "false" -> {
        p++;
        return new Expr.Literal(s, Expr.Literal.Kind.BOOLEAN);
      }
      case "nullptr", "NULL" -> {
        p++;
        return new Expr.Literal(s, Expr.Literal.Kind.NULLPTR);
      }
      case "this" -> {
        p++;
        return new Expr.This(s);
      }
      default -> {
        // below
      }
    }
    if (CASTS.contains(s.text())) {
      p++;
      expect("<");
      TypeSpec t;
      t = withoutGreater(() -> typeWithDeclarator());
      expect(">");
      expect("(");
      Expr operand = expression();
      expect(")");
      return new Expr.Cast(s, s.text(), t, ImmutableList.of(operand));
    }
    if (BUILTIN_TYPE_WORDS.contains(s.text()) || at("typename")) {
      TypeSpec t = type();
      return functionalCast(s, t);
    }
    QualifiedName name = qualifiedName(false);
    if (isTypeName(name.lastName()) && (at("(") || at("{"))) {
      TypeSpec t = new TypeSpec(s, null, name, false, false, false, false, ImmutableList.of(), TypeSpec.Ref.NONE, 0,
          false);
      return functionalCast(s, t);
    }
    return new Expr.Name(name);
  }

  private Expr functionalCast(Token s, TypeSpec t) {
    if (at("{")) {
      Expr.InitList list = (Expr.InitList) initList();
      return new Expr.Cast(s, "functional", t, list.items());
    }
    expect("(");
    ImmutableList<Expr> args = arguments();
    return new Expr.Cast(s, "functional", t, args);
  }

  private Expr lambda() {
    Token s = cur();
    skipBalanced(); // captures
    List<Decl.Param> params = new ArrayList<>();
    if (at("<")) { // template lambda
      int close = skipAngles(p);
      p = close > 0 ? close : p + 1;
    }
    if (accept("(")) {
      while (!at(")") && !atEof()) {
        params.add(parameter());
        if (!accept(",")) {
          break;
        }
      }
      expect(")");
    }
    while (at("mutable") || at("constexpr") || CUDA_QUALIFIERS.contains(cur().text())) {
      p++;
    }
    functionTail();
    if (accept("->")) {
      typeWithDeclarator();
    }
    Stmt.Block body = block();
    return new Expr.Lambda(s, ImmutableList.copyOf(params), body);
  }
}
