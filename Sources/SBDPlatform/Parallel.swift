#if canImport(Glibc)
    import Glibc
#endif

/// Runs one job per element on its own OS thread and returns the results in
/// order. Device I/O blocks; Swift's cooperative pool has only one thread
/// per core, so three devices on two cores would otherwise run one after
/// another.
public func runOnThreads<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], _ job: @escaping @Sendable (Input) -> Output
) -> [Output] {
    if inputs.count == 1 { return [job(inputs[0])] }
    var slots: [ThreadSlot] = []
    for input in inputs {
        slots.append(ThreadSlot { job(input) })
    }
    let threads = slots.map(startThread)
    for (thread, slot) in zip(threads, slots) {
        if let thread {
            pthread_join(thread, nil)
        } else {
            slot.execute()  // no thread to be had: run it here
        }
    }
    return slots.map { $0.result as! Output }
}

private func startThread(_ slot: ThreadSlot) -> pthread_t? {
    var thread = pthread_t()
    let context = Unmanaged.passRetained(slot).toOpaque()
    let created = pthread_create(
        &thread, nil,
        { raw in
            Unmanaged<ThreadSlot>.fromOpaque(raw!).takeRetainedValue().execute()
            return nil
        }, context)
    guard created == 0 else {
        Unmanaged<ThreadSlot>.fromOpaque(context).release()
        return nil
    }
    return thread
}

/// One job and, once its thread is joined, its result. Written by one thread,
/// read after pthread_join: the join orders the two.
private final class ThreadSlot: @unchecked Sendable {
    private let work: @Sendable () -> any Sendable
    private(set) var result: (any Sendable)?

    init(_ work: @escaping @Sendable () -> any Sendable) { self.work = work }

    func execute() { result = work() }
}
