# Model check of the barrier protocol of per-block-refill.patch (and, with kpe_early, of
# per-block-refill-kpe-early.patch): random interleavings of the scorer, the accumulator and the
# copies in flight (landing in any order), for 1 and 2 buffers, scorer column blocks 2 and 4, and 0-8
# tiles. It asserts that every read finds its own tile in the block (no refill overtakes a reader),
# that no block's barrier runs two phases ahead of a parity wait, that p is the tile's, and that
# nothing deadlocks. Breaking the protocol (the scorer refilling every block, or the accumulator not
# waiting for p) makes it fail. Run: python3 bench/experiments/per_block_refill_model.py
import random, sys
NB = 9
def run(T, K, c_blocks, kpe_early, seed):
    rnd = random.Random(seed)
    SC = set(range(c_blocks)) | {8}
    AC = set(range(c_blocks, 8))
    buf = {(s, j): None for s in range(K) for j in range(NB)}    # tile held by block j of stage s
    phase = {(s, j): 0 for s in range(K) for j in range(NB)}     # completed phases
    pending = []                                                 # copies in flight: (s, j, tile)
    p_ready = 0; p_free = 0; p_tile = None
    def issue(t, blocks):
        for j in blocks: pending.append((t % K, j, t))
    for t in range(min(K, T)): issue(t, range(NB))
    def wait_full(s, j, t):
        # try_wait.parity((t // K) & 1): done iff the phase of that parity has completed,
        # i.e. completed-phase count > t // K; a count two ahead would be a protocol error.
        n = phase[(s, j)]
        assert n <= t // K + 1, f"barrier ({s},{j}) ran ahead: {n} phases for tile {t}"
        return n > t // K
    def scorer():
        nonlocal p_ready, p_tile
        for t in range(T):
            s = t % K
            for j in range(NB):
                while not wait_full(s, j, t): yield
                assert buf[(s, j)] == t, f"scorer q.k block {j} of tile {t} holds {buf[(s,j)]}"
            yield
            for j in range(NB): assert buf[(s, j)] == t, f"q.k read of block {j} tile {t} overwritten"
            if kpe_early and t + K < T: issue(t + K, [8])
            if t > 0:
                while p_free < t: yield
            p_tile = t; p_ready += 1
            yield
            for j in range(c_blocks): assert buf[(s, j)] == t, f"scorer p.v block {j} tile {t}"
            if t + K < T: issue(t + K, sorted(SC - ({8} if kpe_early else set())))
            yield
    def accumulator():
        nonlocal p_free
        for t in range(T):
            s = t % K
            while p_ready < t + 1: yield
            for j in sorted(AC):
                while not wait_full(s, j, t): yield
            yield
            assert p_tile == t, f"accumulator p of tile {t} holds {p_tile}"
            for j in sorted(AC): assert buf[(s, j)] == t, f"accumulator p.v block {j} tile {t}"
            p_free += 1
            if t + K < T: issue(t + K, sorted(AC))
            yield
    gens = [scorer(), accumulator()]
    alive = [True, True]
    steps = 0
    while any(alive) or pending:
        steps += 1
        assert steps < 100000, "deadlock"
        choices = [i for i in range(2) if alive[i]] + (["copy"] if pending else [])
        ch = rnd.choice(choices)
        if ch == "copy":
            s, j, t = pending.pop(rnd.randrange(len(pending)))
            buf[(s, j)] = t; phase[(s, j)] += 1
        else:
            try: next(gens[ch])
            except StopIteration: alive[ch] = False
    assert all(phase[(s, j)] == len([t for t in range(T) if t % K == s]) for s in range(K) for j in range(NB))
n = 0
for kpe_early in (False, True):
    for K, c in ((2, 4), (2, 2), (1, 2)):
        for T in (0, 1, 2, 3, 5, 8):
            for seed in range(300):
                run(T, K, c, kpe_early, seed); n += 1
print("ok", n, "runs")
