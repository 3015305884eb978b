package rtc.pricing.gate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.Codec;
import rtc.pricing.facts.Mode;
import rtc.pricing.facts.Tier;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.RuleBudgetExceededException;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.quote.Quote;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.quote.QuoteInput.Interval;
import rtc.pricing.quote.QuoteInput.RecordingTask;
import rtc.pricing.quote.QuoteInput.Room;
import rtc.pricing.quote.QuoteInput.Segment;
import rtc.pricing.quote.QuoteInput.Stream;
import rtc.pricing.quote.QuoteInput.Subscription;
import rtc.pricing.quote.QuoteInput.TranscodingTask;
import rtc.pricing.quote.QuoteInput.User;
import rtc.pricing.quote.QuoteInput;
import rtc.pricing.rules.RuleCheck;
import rtc.pricing.rules.RuleProblem;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.LineAdjustment;
import rtc.pricing.settle.Money;

/**
 * Gate check: prices a synthetic request holding every kind of usage (audio, each tier, every recording mode,
 * every codec, black frames, resume waits, audio-only outputs) on every date a rule names (and the days either
 * side) and on one day a month for the next 24 months, and refuses the candidate if any of those quotes fails
 * (an item settled twice or not at all, a rule that throws or runs away) or settles a line that does not
 * explain itself. So a rule that only misbehaves in December, or from some date on, is refused when it is saved
 * rather than answered to a customer as a 500.
 */
public final class InvariantSweep implements RuleCheck {

    private static final Pattern DATE_LITERAL = Pattern.compile("\"(\\d{4}-\\d{2}-\\d{2})\"");
    private static final int MONTHS_AHEAD = 24;
    private static final long MINUTES = 600;

    private final QuoteEngine engine;
    private final ZoneId zone;
    private final Clock clock;

    public InvariantSweep(QuoteEngine engine, ZoneId zone, Clock clock) {
        this.engine = engine;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "invariant sweep";
    }

    @Override
    public List<RuleProblem> check(RuleSet candidate) {
        List<RuleProblem> problems = new ArrayList<>();
        for (LocalDate date : dates(candidate.sources())) {
            String problem = verify(date, candidate);
            if (problem != null) {
                problems.add(new RuleProblem(null, 0, "usage of " + date + ": " + problem));
            }
        }
        return problems;
    }

    /** Every date named in a DRL string literal, ± 1 day, and the 15th of this month and the next 24. */
    TreeSet<LocalDate> dates(Map<String, byte[]> sources) {
        TreeSet<LocalDate> dates = new TreeSet<>();
        sources.forEach((path, content) -> {
            if (!path.endsWith(".drl")) {
                return;
            }
            Matcher m = DATE_LITERAL.matcher(new String(content, StandardCharsets.UTF_8));
            while (m.find() && dates.size() < 300) { // bounded whatever the files say
                try {
                    LocalDate d = LocalDate.parse(m.group(1));
                    dates.add(d.minusDays(1));
                    dates.add(d);
                    dates.add(d.plusDays(1));
                } catch (DateTimeParseException e) {
                    // not a date; the rules' own compile or checks will say if it matters
                }
            }
        });
        LocalDate month = LocalDate.now(clock.withZone(zone)).withDayOfMonth(15);
        for (int i = 0; i <= MONTHS_AHEAD; i++) {
            dates.add(month.plusMonths(i));
        }
        return dates;
    }

    private String verify(LocalDate date, RuleSet rules) {
        RuleCatalogue catalogue = RuleCatalogue.of(rules, engine.budget());
        QuoteInput usage = everyKindOfUsage(date, resolutions(catalogue));
        String problem = verify(usage, rules);
        for (String book : catalogue.books()) { // and with every contract price book
            problem = problem != null ? problem : verify(usage.withPriceBook(book), rules);
        }
        return problem;
    }

    private String verify(QuoteInput usage, RuleSet rules) {
        Quote quote;
        try {
            quote = engine.quote(usage, rules);
        } catch (RulesDefectException | RuleBudgetExceededException e) {
            return e.getMessage();
        } catch (InputException e) {
            return "the rules refuse usage every rule set must price: " + e.errors();
        } catch (RuntimeException e) {
            return "pricing failed (" + e.getClass().getSimpleName() + ")";
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Quote.Line line : quote.lines()) {
            BigDecimal amount = new BigDecimal(line.amount());
            BigDecimal expected = new BigDecimal(line.unitPrice()).multiply(BigDecimal.valueOf(line.minutes()))
                    .movePointLeft(3);
            String item = line.service() + " " + line.category() + (line.tier() == null ? "" : " " + line.tier())
                    + (line.mode() == null ? "" : " " + line.mode()) + (line.codec() == null ? "" : " " + line.codec());
            if (usage.priceBook() != null) {
                item += " (price book " + usage.priceBook() + ")";
            }
            if (line.minutes() != (line.seconds() + 59) / 60) {
                return item + " settles " + line.seconds() + " s as " + line.minutes()
                        + " minutes; a day's seconds are billed as whole minutes rounded up";
            }
            if (amount.signum() < 0 || amount.compareTo(expected) != 0) {
                return item + " settles at " + line.amount() + ", but " + line.minutes() + " minutes at "
                        + line.unitPrice() + " per 1,000 minutes are " + Money.format(expected)
                        + "; a line's amount must be minutes × its unit price / 1,000 (rules " + line.rules() + ")";
            }
            total = total.add(amount);
            if (line.adjustments() != null) {
                for (LineAdjustment a : line.adjustments()) {
                    total = total.add(new BigDecimal(a.amount()));
                }
            }
        }
        if (total.compareTo(new BigDecimal(quote.total())) != 0) {
            return "the total " + quote.total() + " is not the sum of its lines and adjustments " + Money.format(total);
        }
        return null;
    }

    /**
     * The smallest and the largest area of every tier of the catalogue: enough to reach every tier. Only the area
     * decides a tier, so each is written as area × 1 pixels.
     */
    static List<VideoFormat> resolutions(RuleCatalogue catalogue) {
        List<VideoFormat> formats = new ArrayList<>();
        for (Tier t : catalogue.tiers()) {
            for (long area : new long[] { t.minArea(), t.maxArea() }) {
                if (area >= 1 && area <= Integer.MAX_VALUE) {
                    formats.add(VideoFormat.of((int) area, 1));
                }
            }
        }
        return formats.stream().distinct().toList();
    }

    /** A request with every kind of usage the catalogue knows, ten minutes of each, on {@code date}. */
    QuoteInput everyKindOfUsage(LocalDate date, List<VideoFormat> resolutions) {
        long from = date.atTime(10, 0).atZone(zone).toEpochSecond();
        Interval at = new Interval(from, from + MINUTES);
        List<User> users = new ArrayList<>();
        List<Stream> streams = new ArrayList<>();
        List<Subscription> subs = new ArrayList<>();
        users.add(new User("alone", "/synthetic", List.of(at)));
        users.add(new User("viewer", "/synthetic", List.of(at)));
        users.add(new User("listener", "/synthetic", List.of(at)));
        for (int i = 0; i < resolutions.size(); i++) {
            String user = "publisher-" + i;
            users.add(new User(user, "/synthetic", List.of(at)));
            streams.add(new Stream(user + "-cam", user, "CAMERA", resolutions.get(i), "/synthetic"));
            subs.add(new Subscription("viewer", user + "-cam", at, resolutions.get(i), "/synthetic"));
        }
        users.add(new User("speaker", "/synthetic", List.of(at)));
        streams.add(new Stream("speaker-mic", "speaker", "CAMERA", null, "/synthetic"));
        subs.add(new Subscription("viewer", "speaker-mic", at, null, "/synthetic"));
        subs.add(new Subscription("listener", "publisher-0-cam", at, null, "/synthetic"));
        Room room = new Room("synthetic", "/synthetic", users, streams, subs);

        List<RecordingTask> recordings = new ArrayList<>();
        List<TranscodingTask> transcodings = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            recordings.add(new RecordingTask("rec-" + mode, mode, 2, inputs(at, true, resolutions), "/synthetic"));
            recordings.add(new RecordingTask("rec-audio-" + mode, mode, 1, audioInputs(at), "/synthetic"));
        }
        for (Codec codec : Codec.values()) {
            VideoFormat output = resolutions.get(resolutions.size() / 2);
            transcodings.add(new TranscodingTask("mcu-" + codec, codec, true, output, inputs(at, false, resolutions),
                    "/synthetic"));
            for (VideoFormat black : resolutions) {
                transcodings.add(new TranscodingTask("mcu-black-" + codec + "-" + black, codec, true, black,
                        audioInputs(at), "/synthetic"));
            }
        }
        transcodings.add(new TranscodingTask("mcu-audio-output", Codec.H264, true, null, inputs(at, false, resolutions),
                "/synthetic"));
        return new QuoteInput("synthetic", List.of(room), recordings, transcodings, List.of());
    }

    private static List<Segment> inputs(Interval at, boolean recording, List<VideoFormat> resolutions) {
        List<Segment> inputs = new ArrayList<>();
        for (int i = 0; i < resolutions.size(); i++) {
            inputs.add(new Segment("in-" + i, true, resolutions.get(i), at, false, "/synthetic"));
        }
        inputs.add(new Segment("in-video-only", false, resolutions.get(0), at, false, "/synthetic"));
        inputs.add(new Segment("in-audio", true, null, at, false, "/synthetic"));
        if (recording) {
            inputs.add(new Segment("in-resume", true, resolutions.get(0), at, true, "/synthetic"));
        }
        return inputs;
    }

    private static List<Segment> audioInputs(Interval at) {
        return List.of(new Segment("in-a", true, null, at, false, "/synthetic"),
                new Segment("in-b", true, null, at, false, "/synthetic"));
    }
}
