// Runtime `stub` makes the heap a bump allocator: allocations are never freed one by one, the host
// resets the whole arena between tasks.
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function reset(): void {
  heap.reset();
}
