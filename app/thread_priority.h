// CPU priority between the threads of one process: a sync's downloads run ahead of its load, which
// is the pipeline's bottleneck, so when the cores are contended the load should get them first.
#pragma once

namespace mews {

// Raises the calling thread's nice value by `steps` (lower priority, capped at 19); other threads
// keep theirs. Linux schedules threads of a process by their own nice values. Returns the thread's
// nice value afterwards, or -1 if the system refused (the thread then runs as before).
int LowerThisThreadsPriority(int steps);

}  // namespace mews
