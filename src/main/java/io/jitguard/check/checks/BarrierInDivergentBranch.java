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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

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
      if (readsThreadIdx(b)) {
        String what = switch (b.kind()) {
          case LOOP -> "a loop whose condition";
          case SWITCH -> "a switch whose value";
          case IF, CONSTEXPR_UNEVALUATED -> "a branch whose condition";
        };
        return Optional.of(Finding.Draft.of(call.at().location(), "'" + call.name() + "' inside " + what
                + " depends on threadIdx: threads that do not reach it leave the block waiting")
            .withNote(b.condition().start().location(), "the condition depends on threadIdx here")
            .withFix("move '" + call.name() + "' out of the branch, where every thread of the block reaches it")
            .withFix("or make the condition uniform across the block (blockIdx, kernel arguments)"));
      }
    }
    return Optional.empty();
  }

  /** How many locals one condition is followed through: a condition reads a handful. */
  private static final int MAX_DEFINITIONS = 32;

  /** Whether the branch's condition reads threadIdx, or a local variable whose initializer does. */
  private static boolean readsThreadIdx(Flow.Branch b) {
    if (b.condition() == null) {
      return false;
    }
    AtomicBoolean found = new AtomicBoolean();
    Set<String> seen = new HashSet<>();
    ArrayDeque<Expr> work = new ArrayDeque<>();
    work.add(b.condition());
    while (!work.isEmpty() && !found.get()) {
      work.poll().forEach(e -> {
        if (e instanceof Expr.Name n && !n.name().isQualified()) {
          String name = n.name().lastName();
          if (name.equals("threadIdx")) {
            found.set(true);
          } else if (seen.size() < MAX_DEFINITIONS && seen.add(name)) {
            Expr init = b.definition(name);
            if (init != null) {
              work.add(init);
            }
          }
        }
      });
    }
    return found.get();
  }
}
