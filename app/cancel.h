// Cooperative cancellation: SIGINT and SIGTERM set a flag that long-running work polls, so a
// stopped run rolls its transaction back and records itself as interrupted instead of dying mid-way.
#pragma once

namespace mews {

// Installs handlers for SIGINT and SIGTERM. A second signal of either kind ends the process at once.
// Also ignores SIGXFSZ, so a write past RLIMIT_FSIZE fails with EFBIG like a full disk.
void InstallCancelHandlers();

// True once SIGINT or SIGTERM has been received. Async-signal-safe to read.
bool CancelRequested();

// The signal received (SIGINT/SIGTERM), or 0.
int CancelSignal();

}  // namespace mews
