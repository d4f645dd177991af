package io.jitguard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs nested 100,000 deep, one for each construct the front end nests in (the kinds
 * {@code bench/scaling.sh} times): each ends, well within the hang bound, in a clean run or in one
 * note naming the limit that cut in, never in a flood of notes. The bound is a guard against a
 * hang (the runs take well under a second each, BENCHMARKS.md: Scaling), not a speed target.
 */
class DeepInputTest {
  private static final int N = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Kind(String name, IntFunction<String> source, String limitNote) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static String times(String s, int n) {
    return s.repeat(n);
  }

  static Stream<Arguments> kinds() {
    String parserLimit = "nested more than 256 levels deep";
    return Stream.of(
        new Kind("parentheses", n -> "__device__ int f() { return " + times("(", n) + "1" + times(")", n) + "; }\n",
            parserLimit),
        new Kind("blocks", n -> "__device__ void f() " + times("{", n) + times("}", n) + "\n", parserLimit),
        new Kind("template arguments", n -> "template <class T> struct A {};\n" + times("A<", n) + "int"
            + times(">", n) + " a;\n", parserLimit),
        new Kind("else-if chain", n -> "__device__ int f(int x) {\n  if (x == 0) return 0;\n"
            + IntStream.range(1, n).mapToObj(i -> "  else if (x == " + i + ") return " + i + ";\n")
                .reduce(new StringBuilder(), StringBuilder::append, StringBuilder::append)
            + "  return -1;\n}\n", null),
        new Kind("macro arguments", n -> "#define F(x) (x)\n__device__ int f() { return " + times("F(", n) + "1"
            + times(")", n) + "; }\n", "macro invocations nested more than 256 levels inside the arguments of 'F'"),
        new Kind("calls", n -> "__device__ int g(int a) { return a; }\n__device__ int f() { return "
            + times("g(", n) + "1" + times(")", n) + "; }\n", parserLimit),
        new Kind("namespaces", n -> times("namespace a { ", n) + "int x;" + times(" }", n) + "\n", parserLimit),
        new Kind("classes", n -> times("struct S { ", n) + "int x;" + times(" };", n) + "\n", parserLimit),
        new Kind("declarator", n -> "int " + times("*", n) + "p;\n", null),
        new Kind("unary operators", n -> "__device__ int f(int x) { return " + times("-", n) + "x; }\n", parserLimit),
        new Kind("binary operators", n -> "__device__ int f(int x) { return x" + times(" + x", n) + "; }\n",
            "statements and expressions nested more than 400 levels deep"),
        new Kind("conditional operators", n -> "__device__ int f(int x) { return " + times("x ? 1 : ", n)
            + "0; }\n", parserLimit),
        new Kind("lambdas", n -> "__device__ int f() { return " + times("[]{ return ", n) + "1" + times("; }()", n)
            + "; }\n", parserLimit),
        new Kind("#if expression", n -> "#if " + times("(", n) + "1" + times(")", n) + "\nint x;\n#endif\n",
            "nested deeper than 256 levels"),
        new Kind("#if groups", n -> times("#if 1\n", n) + "int x;\n" + times("#endif\n", n), null),
        new Kind("typedef chain", n -> "typedef int t0;\n" + IntStream.range(1, n)
            .mapToObj(i -> "typedef t" + (i - 1) + " t" + i + ";\n")
            .reduce(new StringBuilder(), StringBuilder::append, StringBuilder::append)
            + "__device__ t" + (n - 1) + " v;\n", null),
        new Kind("template recursion", n -> "template <int N> struct R { static const int v = R<N - 1>::v + 1; };\n"
            + "template <> struct R<0> { static const int v = 0; };\n__device__ int f() { return R<" + n
            + ">::v; }\n", null))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void endsWithOneNoteAtMost(Kind kind) throws IOException {
    byte[] source = kind.source().apply(N).getBytes(StandardCharsets.UTF_8);
    FuzzInputs.Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> FuzzInputs.check(FuzzInputs.writeTree(source), List.of(), List.of()));
    FuzzInputs.assertWellBehaved(o, Set.of(0));
    JsonNode report = JSON.readTree(o.out());
    List<String> notes = new ArrayList<>();
    report.path("frontEnd").forEach(d -> notes.add(d.path("kind").asText() + ": " + d.path("message").asText()));
    if (kind.limitNote() == null) {
      assertEquals(List.of(), notes, kind.name());
    } else {
      assertEquals(1, notes.size(), kind.name() + ": " + notes);
      assertTrue(notes.get(0).startsWith("limit: ") && notes.get(0).contains(kind.limitNote()),
          kind.name() + ": " + notes);
    }
  }
}
