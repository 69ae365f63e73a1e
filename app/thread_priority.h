// CPU priority between the threads of one process: a sync's downloads run ahead of its load, which
// is the pipeline's bottleneck, so when the cores are contended the load should get them first.
#pragma once

namespace mews {

// The calling thread's nice value (Linux schedules each thread of a process by its own), or -100
// if the system would not say.
int ThisThreadsNice();

// Raises the calling thread's nice value by `steps` (lower priority, capped at 19); other threads
// keep theirs. If the system refuses, the thread runs as before.
void LowerThisThreadsPriority(int steps);

}  // namespace mews
