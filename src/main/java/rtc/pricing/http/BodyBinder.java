package rtc.pricing.http;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;

/**
 * Binds a parsed body to its request record, strictly, and validates it: the record is the one description of the
 * body (Jackson binds it, Bean Validation checks its constraints, the OpenAPI document is generated from it).
 *
 * <p>Strict: unknown fields (with a "did you mean" hint), a value of the wrong JSON type, a string where a number is
 * expected or the reverse, a fraction for a whole number, an unknown enum value and an explicit null where the
 * record refuses one are all input errors. Errors are collected, not stopped at: every unknown field and every value
 * of the wrong JSON type is listed with its JSON Pointer, then every constraint violation; a scalar of the wrong
 * kind ({@code "5"} for a number) stops the binding where it is, as Jackson cannot go on past it.
 */
public final class BodyBinder {

    private static final Object ERRORS = new Object();
    /** Errors by field, so that an answer lists them in the same order every time. */
    private static final Comparator<FieldError> BY_POINTER = Comparator
            .comparing(FieldError::pointer, BodyBinder::byPointer).thenComparing(FieldError::message);

    private final ObjectMapper strict;
    private final Validator validator;

    /**
     * A binder outside the container: the gate's checking child and tests, which read documented examples with the
     * same records and constraints as the service. Messages are interpolated without Jakarta EL (none is used).
     */
    public static BodyBinder standalone() {
        try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()) {
            return new BodyBinder(factory.getValidator());
        }
    }

    /** The binder's own mapper: what the service's ObjectMapper is configured with does not change binding. */
    public BodyBinder(Validator validator) {
        this.validator = validator;
        ObjectMapper m = JsonMapper.builder().addModule(new JavaTimeModule()).addModule(new Jdk8Module()).build()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .disable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addHandler(new Collecting());
        // No scalar becomes another: "5" is no number, 5 no string, "true" no flag, "" no null.
        for (LogicalType target : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.Enum, LogicalType.DateTime)) {
            m.coercionConfigFor(target).setAcceptBlankAsEmpty(false)
                    .setCoercion(CoercionInputShape.String, target == LogicalType.Textual || target == LogicalType.Enum
                            || target == LogicalType.DateTime ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, target == LogicalType.Integer || target == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, target == LogicalType.Float ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, target == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, target == LogicalType.Textual
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail);
        }
        this.strict = m;
    }

    /**
     * The body bound to {@code type} and valid, or an {@link InputException} listing every error found (at most
     * {@link QuoteLimits#MAX_REPORTED_ERRORS}). {@code whatItIs} completes "the request body must be a JSON object …"
     * when the body is not an object at all.
     */
    public <T> T bind(JsonNode body, Class<T> type, String whatItIs) {
        if (body == null || !body.isObject()) {
            throw new InputException("", "the request body must be a JSON object " + whatItIs);
        }
        Errors errors = new Errors();
        ObjectReader reader = strict.readerFor(type).withAttribute(ERRORS, errors);
        T value = null;
        try {
            value = reader.readValue(body);
        } catch (InvalidNullException e) {
            errors.add(pointer(e), "must not be null: leave it out instead");
        } catch (JsonMappingException e) {
            errors.add(pointer(e), expected(e));
        } catch (IOException e) {
            throw new IllegalStateException("a tree is read from memory", e);
        }
        if (value != null) {
            validate(value, errors);
        }
        errors.throwIfAny();
        return value;
    }

    /**
     * Bean Validation of a bound value, record by record: each record's own constraints (records carry no
     * {@code @Valid}: nothing cascades inside the validator), then the records it holds, element by element, in
     * document order. Never below a field the binding refused or whose own constraint failed (a list over its limit
     * is named without a check of each of its elements), and no further once
     * {@value QuoteLimits#MAX_REPORTED_ERRORS} errors are listed: a body of faulty elements costs what its first
     * thousand errors cost, not a violation object per element.
     */
    private void validate(Object value, Errors errors) {
        if (!errors.full()) { // a body already holding a thousand binding errors is told so, with their count
            walk(value, "", Set.copyOf(errors.pointers), errors);
        }
    }

    private void walk(Object value, String at, Set<String> refused, Errors errors) {
        if (errors.full()) {
            errors.truncated = true;
            return;
        }
        RecordShape shape = SHAPES.get(value.getClass());
        Set<ConstraintViolation<Object>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            List<FieldError> found = new ArrayList<>(violations.size());
            for (ConstraintViolation<Object> v : violations) {
                found.add(new FieldError(at + pointer(v.getPropertyPath(), shape), v.getMessage()));
            }
            found.sort(BY_POINTER); // the validator's order is a set's: one message per field, the same every time
            for (FieldError f : found) {
                if (!covered(f.pointer(), refused) && !errors.pointers.contains(f.pointer())) {
                    errors.add(f.pointer(), f.message());
                }
            }
        }
        for (RecordShape.Nested nested : shape.nested()) {
            String pointer = at + "/" + FieldNames.escape(nested.jsonName());
            Object held = nested.get(value);
            if (held == null || errors.covers(pointer)) {
                continue;
            }
            if (held instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) != null && !errors.covers(pointer + "/" + i)) {
                        walk(list.get(i), pointer + "/" + i, refused, errors);
                    }
                }
            } else {
                walk(held, pointer, refused, errors);
            }
        }
    }

    /** True if {@code pointer} or a pointer above it is in {@code pointers}. */
    private static boolean covered(String pointer, Set<String> pointers) {
        if (pointers.isEmpty()) {
            return false;
        }
        for (int end = pointer.length(); end >= 0; end = pointer.lastIndexOf('/', end - 1)) {
            if (pointers.contains(pointer.substring(0, end))) {
                return true;
            }
            if (end == 0) {
                break;
            }
        }
        return false;
    }

    /** What {@link #walk} needs of a record class: its components holding records or lists of them, by JSON name. */
    private record RecordShape(List<Nested> nested, Map<String, String> jsonNames) {

        record Nested(String jsonName, Method accessor) {
            Object get(Object record) {
                try {
                    return accessor.invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("a record's accessor is public", e);
                }
            }
        }

        static RecordShape of(Class<?> type) {
            List<Nested> nested = new ArrayList<>();
            Map<String, String> names = new HashMap<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    JsonProperty renamed = c.getAccessor()
                            .getAnnotation(JsonProperty.class);
                    String name = renamed == null || renamed.value().isEmpty() ? c.getName() : renamed.value();
                    names.put(c.getName(), name);
                    if (holdsRecords(c.getGenericType())) {
                        c.getAccessor().setAccessible(true);
                        nested.add(new Nested(name, c.getAccessor()));
                    }
                }
            }
            return new RecordShape(List.copyOf(nested), Map.copyOf(names));
        }

        private static boolean holdsRecords(Type type) {
            if (type instanceof Class<?> c) {
                return c.isRecord();
            }
            return type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                    && List.class.isAssignableFrom(raw) && p.getActualTypeArguments()[0] instanceof Class<?> element
                    && element.isRecord();
        }
    }

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return RecordShape.of(type);
        }
    };

    /** A violation's path within one record, as a JSON Pointer; its first segment by the component's JSON name. */
    private static String pointer(Path path, RecordShape shape) {
        String p = pointer(path);
        int second = p.indexOf('/', 1);
        String first = second < 0 ? p.substring(Math.min(1, p.length())) : p.substring(1, second);
        String json = shape.jsonNames().get(first);
        return json == null || json.equals(first) ? p : "/" + FieldNames.escape(json) + (second < 0 ? "" : p.substring(second));
    }

    /** A violation's property path as a JSON Pointer: {@code rooms[0].users[1].userId} → /rooms/0/users/1/userId. */
    static String pointer(Path path) {
        StringBuilder p = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                p.append('/').append(node.getIndex());
            } else if (node.isInIterable() && node.getKey() != null) {
                p.append('/').append(FieldNames.escape(node.getKey().toString()));
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                p.append('/').append(FieldNames.escape(node.getName()));
            }
        }
        return p.toString();
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder p = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                p.append('/').append(FieldNames.escape(r.getFieldName()));
            } else if (r.getIndex() >= 0) {
                p.append('/').append(r.getIndex());
            }
        }
        return p.toString();
    }

    /**
     * Pointers in document order as far as it matters: numeric segments by value, so /rooms/2 before /rooms/10.
     * Compared in place, without splitting or regular expressions: a body of many faulty elements sorts tens of
     * thousands of violations.
     */
    private static int byPointer(String a, String b) {
        int i = 0, j = 0;
        while (i <= a.length() && j <= b.length()) {
            int ei = a.indexOf('/', i), ej = b.indexOf('/', j);
            ei = ei < 0 ? a.length() : ei;
            ej = ej < 0 ? b.length() : ej;
            int c = numeric(a, i, ei) && numeric(b, j, ej)
                    ? Integer.compare(Integer.parseInt(a, i, ei, 10), Integer.parseInt(b, j, ej, 10))
                    : CharSequence.compare(a.subSequence(i, ei), b.subSequence(j, ej));
            if (c != 0) {
                return c;
            }
            i = ei + 1;
            j = ej + 1;
        }
        // The one with segments left is the longer (deeper) pointer.
        return Boolean.compare(i <= a.length(), j <= b.length());
    }

    private static boolean numeric(String s, int from, int to) {
        if (to - from < 1 || to - from > 9) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String expected(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            return expected(m.getTargetType(), null);
        }
        return "is not valid here";
    }

    /** What a value of {@code type} must be, in the words every endpoint uses. */
    static String expected(Class<?> type, Object sent) {
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == BigInteger.class) {
            return "must be a whole number";
        }
        if (type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type.isEnum()) {
            Set<String> names = new TreeSet<>();
            for (Object c : type.getEnumConstants()) {
                names.add(((Enum<?>) c).name());
            }
            return (sent == null ? "must be" : "unknown value " + sent + "; expected") + " one of " + names;
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be an object";
    }

    /** The pointer of the value the parser is at: inside its container, by the container's current name or index. */
    private static String pointer(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        JsonToken token = p.currentToken();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && context.getParent() != null) {
            context = context.getParent(); // the new container's own context names nothing yet
        }
        return path(context);
    }

    /**
     * A parsing context as a JSON Pointer. Jackson replays buffered properties (a record's, bound through its
     * constructor) in a context nested in a copy of the object's own, which names no field: such a level is no segment.
     */
    private static String path(JsonStreamContext context) {
        List<String> segments = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                segments.add(Integer.toString(Math.max(c.getCurrentIndex(), 0)));
            } else if (c.getCurrentName() != null) {
                segments.add(FieldNames.escape(c.getCurrentName()));
            }
        }
        StringBuilder p = new StringBuilder();
        for (int i = segments.size() - 1; i >= 0; i--) {
            p.append('/').append(segments.get(i));
        }
        return p.toString();
    }

    /**
     * The pointer of an unknown member. A record (bound through its constructor) meets its unknown members after the
     * fact, replayed from a buffer whose contexts name the member but not where its holder is; the request's own
     * parser has by then moved past them, to the holder's next member (its context is the holder's) or past its end
     * (the context is the holder's container, at the holder): the holder's pointer, and the member's name added.
     */
    private static String unknownPointer(DeserializationContext ctxt, JsonParser p, String name) {
        JsonParser source = ctxt.getParser();
        if (source == null || source == p) {
            return pointer(p);
        }
        JsonStreamContext holder = source.getParsingContext();
        if (source.currentToken() == JsonToken.FIELD_NAME && holder.getParent() != null) {
            holder = holder.getParent();
        }
        return path(holder) + "/" + FieldNames.escape(name);
    }

    /** The errors of one binding, kept in the request's deserialization context. */
    private static final class Errors {
        final List<FieldError> list = new ArrayList<>();
        final Set<String> pointers = new HashSet<>();
        int unreported;
        /** Validation stopped at the limit: how many more errors there are is not known. */
        boolean truncated;

        boolean full() {
            return list.size() >= QuoteLimits.MAX_REPORTED_ERRORS;
        }

        void add(String pointer, String message) {
            pointers.add(pointer);
            if (list.size() < QuoteLimits.MAX_REPORTED_ERRORS) {
                list.add(new FieldError(pointer, message));
            } else {
                unreported++;
            }
        }

        /**
         * True if an error is already listed at {@code pointer} or above it (a wrong object, then its fields). Looks
         * up the pointer's own prefixes, not every pointer listed: a body of many faulty elements stays linear.
         */
        boolean covers(String pointer) {
            return covered(pointer, pointers);
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                list.sort(BY_POINTER);
                if (truncated) {
                    list.add(new FieldError("", "more errors not listed: the first "
                            + QuoteLimits.count(QuoteLimits.MAX_REPORTED_ERRORS) + " found are"));
                } else if (unreported > 0) {
                    list.add(new FieldError("", QuoteLimits.count(unreported) + " more errors not listed"));
                }
                throw new InputException(list);
            }
        }
    }

    /** Notes a wrong field or value and goes on, so that one answer lists them all. */
    private static final class Collecting extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
            Errors errors = (Errors) ctxt.getAttribute(ERRORS);
            Set<String> known = new TreeSet<>();
            for (Object name : deserializer.getKnownPropertyNames()) {
                known.add(name.toString());
            }
            errors.add(unknownPointer(ctxt, p, propertyName), "unknown field" + FieldNames.hint(propertyName, known));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                JsonParser p, String failureMsg) throws IOException {
            Errors errors = (Errors) ctxt.getAttribute(ERRORS);
            errors.add(pointer(p), expected(targetType.getRawClass(), null));
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                String failureMsg) throws IOException {
            Errors errors = (Errors) ctxt.getAttribute(ERRORS);
            String sent = valueToConvert.length() > 40 ? valueToConvert.substring(0, 40) + "…" : valueToConvert;
            errors.add(pointer(ctxt.getParser()), expected(targetType, "\"" + sent + "\""));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                String failureMsg) throws IOException {
            Errors errors = (Errors) ctxt.getAttribute(ERRORS);
            errors.add(pointer(ctxt.getParser()), expected(targetType, valueToConvert));
            return null;
        }
    }

    /**
     * For a field that may be left out but not sent as null (a list: "leave it out for none"), as
     * {@code @JsonDeserialize(using = BodyBinder.NullRefused.class)}: an explicit null is an error at the field
     * ("must not be null: leave it out instead"), an absent field stays null. Jackson's {@code Nulls.FAIL} cannot say
     * this of a record: a record's absent component is asked for its null value too, and would fail as well.
     */
    public static final class NullRefused extends StdDeserializer<Object> implements ContextualDeserializer {

        private final JsonDeserializer<Object> value;
        private final BeanProperty property;

        public NullRefused() {
            this(null, null);
        }

        private NullRefused(JsonDeserializer<Object> value, BeanProperty property) {
            super(Object.class);
            this.value = value;
            this.property = property;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty at)
                throws JsonMappingException {
            // The type's own deserializer: the annotation on the property is not seen again from here.
            return new NullRefused(ctxt.findContextualValueDeserializer(at.getType(), at), at);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return value.deserialize(p, ctxt);
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            throw InvalidNullException.from(ctxt, property == null ? null : property.getFullName(),
                    property == null ? null : property.getType());
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
