package rtc.pricing.quote;

import java.time.LocalDate;

import rtc.pricing.facts.Service;

/**
 * Who or what produced some usage, on which billing day, and of which kind (one of the usage facts the
 * service rules decide on). Base usage is per room and user (and stream for video); recording and
 * transcoding usage per task and input stream; a stream of null marks usage of the task as a whole.
 */
record UsageKey(LocalDate date, Service service, String roomId, String taskId, String userId, String streamId,
        Object kind) {
}
