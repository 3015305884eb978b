package rtc.pricing.rules;

import java.nio.file.Path;
import java.util.List;

/**
 * Rule problems as clients see them: a message that names the rules folder by its absolute path (e.g. "no .drl
 * file in rules folder /srv/…") names it as configured instead, or by its last name when configured absolute. Where
 * the service runs on disk is nobody's business over HTTP; the log keeps the full path.
 */
public final class FolderNames {

    private FolderNames() {
    }

    public static List<RuleProblem> shown(List<RuleProblem> problems, Path folder) {
        Path name = folder.isAbsolute() ? folder.getFileName() : folder;
        String shown = name == null ? "(rules folder)" : name.toString();
        List<String> absolute = List.of(folder.toAbsolutePath().toString(),
                folder.toAbsolutePath().normalize().toString());
        return problems.stream().map(p -> {
            String message = p.message();
            for (String path : absolute) {
                message = message == null ? null : message.replace(path, shown);
            }
            return new RuleProblem(p.file(), p.line(), message);
        }).toList();
    }
}
