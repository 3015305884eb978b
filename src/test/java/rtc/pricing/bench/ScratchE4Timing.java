package rtc.pricing.bench;

import java.nio.file.*;
import java.time.ZoneId;
import com.fasterxml.jackson.databind.*;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.quote.*;
import rtc.pricing.rules.*;

public class ScratchE4Timing {
    public static void main(String[] a) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String body = json.writeValueAsString(json.readTree(Path.of("rules/examples/E4-audio-and-video-mixed.json").toFile()).get("request"));
        RuleSet rules = new RuleCompiler(VideoFormat.class.getClassLoader()).compile(Path.of("rules")).ruleSet();
        QuoteEngine engine = new QuoteEngine(ZoneId.of("Asia/Shanghai"), n -> {});
        for (int round = 0; round < 25; round++) {
            int n = 20000;
            long parse = 0, price = 0, write = 0;
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                QuoteInput in = QuoteRequestReader.read(json.readTree(body));
                long t1 = System.nanoTime();
                Quote q = engine.quote(in, rules);
                long t2 = System.nanoTime();
                byte[] out = json.writeValueAsBytes(q);
                long t3 = System.nanoTime();
                parse += t1 - t0; price += t2 - t1; write += t3 - t2;
            }
            System.out.printf("parse %.1f us, quote %.1f us, write %.1f us%n", parse / 1e3 / n, price / 1e3 / n, write / 1e3 / n);
        }
    }
}
