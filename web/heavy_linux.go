package web

import "syscall"

// lowerPriority gives the calling thread the lowest scheduling priority
// (nice 19): Linux schedules each thread on its own, so only the locked
// thread of the heavy work is lowered, not the server's.
func lowerPriority() {
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19)
}
