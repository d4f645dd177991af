package io.jitguard.check.checks;

import io.jitguard.check.Check;
import io.jitguard.check.CheckContext;
import io.jitguard.check.CheckInfo;
import io.jitguard.check.Finding;
import io.jitguard.check.Severity;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.sema.AnalysisEvent;
import io.jitguard.cpp.sema.Flow;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * JG006: a block-wide barrier inside a branch, loop or switch whose condition depends on
 * {@code threadIdx}, directly or through the local variables it reads. Threads that do not reach
 * the barrier leave the others waiting: the kernel hangs or reads shared memory too early, and
 * nothing reports it at compile time.
 */
@CheckInfo(id = "JG006", name = "barrier-in-divergent-branch",
    summary = "A block-wide barrier in a branch that depends on threadIdx",
    explanation = "__syncthreads() waits for every thread of the block; inside a branch, loop or switch whose "
        + "condition depends on threadIdx, some threads never reach it, and the kernel hangs or races (the "
        + "behaviour is undefined). NVRTC compiles it without a word. Move the barrier out of the branch, or make "
        + "the condition uniform across the block (blockIdx, kernel arguments, shared values read after a barrier).",
    severity = Severity.WARNING)
public final class BarrierInDivergentBranch implements Check {
  private static final Set<String> BARRIERS =
      Set.of("__syncthreads", "__syncthreads_and", "__syncthreads_or", "__syncthreads_count");

  @Override
  public Optional<Finding.Draft> event(AnalysisEvent event, CheckContext ctx) {
    if (!(event instanceof AnalysisEvent.Call call) || !call.candidates().isEmpty()
        || !BARRIERS.contains(call.name())) {
      return Optional.empty();
    }
    for (Flow.Branch b : call.flow().branches()) {
      String via = threadIdxVia(b);
      if (via != null) {
        String what = switch (b.kind()) {
          case LOOP -> "a loop whose condition";
          case SWITCH -> "a switch whose value";
          case IF, CONSTEXPR_UNEVALUATED -> "a branch whose condition";
        };
        return Optional.of(Finding.Draft.of(call.at().location(), "'" + call.name() + "' inside " + what
                + " depends on threadIdx: threads that do not reach it leave the block waiting")
            .withNote(b.condition().start().location(), via.isEmpty() ? "the condition depends on threadIdx here"
                : "the condition reads '" + via + "', which is computed from threadIdx")
            .withFix("move '" + call.name() + "' out of the branch, where every thread of the block reaches it")
            .withFix("or make the condition uniform across the block (blockIdx, kernel arguments)"));
      }
    }
    return Optional.empty();
  }

  /** How many locals one condition is followed through: a condition reads a handful. */
  private static final int MAX_DEFINITIONS = 32;

  /**
   * How the branch's condition reaches threadIdx: "" when it reads it, else the local it reads
   * whose initializer does (directly or through other locals); null when it does not.
   */
  private static String threadIdxVia(Flow.Branch b) {
    if (b.condition() == null) {
      return null;
    }
    AtomicReference<String> found = new AtomicReference<>();
    Set<String> seen = new HashSet<>();
    ArrayDeque<Map.Entry<Expr, String>> work = new ArrayDeque<>();
    work.add(Map.entry(b.condition(), ""));
    while (!work.isEmpty() && found.get() == null) {
      Map.Entry<Expr, String> item = work.poll();
      item.getKey().forEach(e -> {
        if (e instanceof Expr.Name n && !n.name().isQualified() && found.get() == null) {
          String name = n.name().lastName();
          if (name.equals("threadIdx")) {
            found.set(item.getValue());
          } else if (seen.size() < MAX_DEFINITIONS && seen.add(name)) {
            Expr init = b.definition(name);
            if (init != null) {
              work.add(Map.entry(init, item.getValue().isEmpty() ? name : item.getValue()));
            }
          }
        }
      });
    }
    return found.get();
  }
}
