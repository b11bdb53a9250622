//go:build !linux

package web

// lowerPriority does nothing where threads cannot be given their own
// priority portably; the slots still bound the heavy work.
func lowerPriority() {}
