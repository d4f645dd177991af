package io.jitguard.bindings;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.lex.Lexer;
import io.jitguard.cpp.parse.Parser;
import io.jitguard.cpp.pp.Preprocessor;
import io.jitguard.source.SourceCache;
import io.jitguard.source.SourceFile;
import io.jitguard.source.SourceLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The facts of one binding layer, across the language boundary: what the C++ sources register
 * (and the parameter count of each registered function's declaration, from jitguard's own
 * preprocessor and parser), and what the Python sources call. A problem with an input (a file that
 * cannot be read, a Python string that never ends) is kept with its place; the rest is still read.
 */
public record Bindings(ImmutableList<Registration> registrations, ImmutableListMultimap<String, FunctionArity> functions,
    ImmutableList<PyCall> calls, ImmutableList<Problem> problems) {

  /** A problem with an input: where (the file, or a place in it) and what. */
  public record Problem(String file, Optional<SourceLocation> at, String message) {}

  /**
   * @param cppSources the C++ files whose registration blocks count (other files are read for declarations too)
   * @param preprocessing how to preprocess them, to find the declarations of the registered functions
   */
  public static Bindings read(List<Path> cppSources, List<Path> pythonSources, Preprocessor.Config preprocessing,
      SourceCache cache) {
    ImmutableList.Builder<Registration> regs = ImmutableList.builder();
    ImmutableListMultimap.Builder<String, FunctionArity> functions = ImmutableListMultimap.builder();
    ImmutableList.Builder<PyCall> calls = ImmutableList.builder();
    ImmutableList.Builder<Problem> problems = ImmutableList.builder();
    for (Path p : cppSources) {
      Optional<SourceFile> read = read(p, cache, problems);
      if (read.isEmpty()) {
        continue;
      }
      SourceFile f = read.get();
      ImmutableList<Registration> found = Registrations.find(new Lexer(f, null).tokenize());
      regs.addAll(found);
      if (found.isEmpty()) {
        continue;
      }
      Preprocessor.Result pp = new Preprocessor(preprocessing, cache).run(p);
      collect(Parser.parse(pp.tokens()).decls(), functions);
    }
    for (Path p : pythonSources) {
      Optional<SourceFile> read = read(p, cache, problems);
      if (read.isEmpty()) {
        continue;
      }
      SourceFile f = read.get();
      PyLexer.Result lexed = PyLexer.lex(f.text());
      for (PyLexer.Problem pr : lexed.problems()) {
        problems.add(new Problem(f.displayName(), Optional.of(f.physicalLocation(pr.offset())), pr.message()));
      }
      calls.addAll(PyCalls.find(f, lexed.tokens()));
    }
    return new Bindings(regs.build(), functions.build(), calls.build(), problems.build());
  }

  private static Optional<SourceFile> read(Path p, SourceCache cache, ImmutableList.Builder<Problem> problems) {
    try {
      return Optional.of(cache.get(p));
    } catch (IOException e) {
      problems.add(new Problem(cache.display(p.toAbsolutePath().normalize()), Optional.empty(), unreadable(e)));
      return Optional.empty();
    }
  }

  private static String unreadable(IOException e) {
    return e instanceof java.nio.charset.CharacterCodingException ? "not valid UTF-8 text"
        : e instanceof java.nio.file.NoSuchFileException ? "no such file" : "cannot be read: " + e.getMessage();
  }

  private static void collect(List<Decl> decls, ImmutableListMultimap.Builder<String, FunctionArity> out) {
    for (Decl d : decls) {
      if (d instanceof Decl.Namespace ns) {
        collect(ns.decls(), out);
      } else if (d instanceof Decl.Function fn && !fn.method() && fn.kind() == Decl.Function.Kind.FUNCTION
          && !fn.isTemplate() && !fn.cVariadic() && fn.params().stream().noneMatch(Decl.Param::pack)) {
        out.put(fn.name().lastName(), new FunctionArity(Preprocessor.userSite(fn.start()), fn.name().lastName(),
            fn.params().size()));
      }
    }
  }

  /**
   * The registrations a call can reach: the same name, and for a {@code torch.ops.<ns>} call the same
   * namespace, unless the block's is a macro the build defines ({@code TORCH_EXTENSION_NAME}: spelled
   * in capitals, as macros are), which could be any.
   */
  public ImmutableList<Registration> reachableFrom(PyCall call) {
    return registrations.stream().filter(r -> r.name().equals(call.name()))
        .filter(r -> call.namespace().isEmpty() || r.pybind() || r.namespace().matches("[A-Z_][A-Z0-9_]*")
            || r.namespace().equals(call.namespace().get()))
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * How many arguments a registration takes from Python: {@code [min, max]}; empty when it cannot
   * be told (a function with no declaration found, overloads with different counts, or py::arg
   * annotations that do not match the parameters).
   */
  public Optional<int[]> arity(Registration r) {
    if (r.schema().isPresent()) {
      return Optional.of(range(r.schema().get()));
    }
    if (r.method().equals("impl") && registrations.stream().anyMatch(d -> d.method().equals("def")
        && d.name().equals(r.name()) && d.namespace().equals(r.namespace()) && d.schema().isPresent())) {
      return Optional.empty(); // an implementation of a schema: the schema says what Python may pass
    }
    Optional<FunctionArity> fn = declaration(r);
    if (fn.isEmpty()) {
      return Optional.empty();
    }
    int n = fn.get().params();
    if (r.pyArgs().isEmpty()) {
      return Optional.of(new int[] {n, n}); // C++ default arguments do not reach Python through &F
    }
    if (r.pyArgs().size() != n) {
      return Optional.empty(); // pybind11 refuses it at import; not this rule's business
    }
    return Optional.of(range(r.pyArgs()));
  }

  /** The one declaration of the registered function, when its overloads (if any) agree on the count. */
  public Optional<FunctionArity> declaration(Registration r) {
    if (r.function().isEmpty()) {
      return Optional.empty();
    }
    ImmutableList<FunctionArity> decls = functions.get(r.function().get());
    if (decls.isEmpty() || decls.stream().mapToInt(FunctionArity::params).distinct().count() != 1) {
      return Optional.empty();
    }
    return Optional.of(decls.get(0));
  }

  private static int[] range(List<Registration.PyArg> params) {
    int min = 0;
    for (Registration.PyArg a : params) {
      if (a.hasDefault()) {
        break;
      }
      min++;
    }
    return new int[] {min, params.size()};
  }
}
