/*
 * qom/: type registration, lazy class init, interfaces, casts, reference
 * counting, the composition tree, path resolution and every property type.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Check forks each test, so class initialisation and the tree start fresh
 * in every test: the class-init order tests rely on it.
 */
#include "vireo-check.h"
#include "qom/object.h"
#include "qom/object-field.h"
#include "util/error.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What ran, in order: "ci:test-dog bi:test-puppy ..." */
static GString *trace;

static void note(const char *what, const char *who)
{
    if (!trace) {
        trace = g_string_new("");
    }
    if (trace->len) {
        g_string_append_c(trace, ' ');
    }
    g_string_append_printf(trace, "%s:%s", what, who);
}

static const char *trace_str(void)
{
    return trace ? trace->str : "";
}

static void trace_reset(void)
{
    if (trace) {
        g_string_truncate(trace, 0);
    }
}

/* ---- interfaces ---- */

#define TYPE_TEST_SPEAKER "test-speaker"
#define TYPE_TEST_SWIMMER "test-swimmer"

typedef struct TestSpeakerClass {
    InterfaceClass parent_class;
    const char *(*speak)(Object *obj);
} TestSpeakerClass;

#define TEST_SPEAKER_CLASS(oc) \
    OBJECT_CLASS_CHECK(TestSpeakerClass, oc, TYPE_TEST_SPEAKER)
#define TEST_SPEAKER_GET_CLASS(obj) \
    OBJECT_GET_CLASS(TestSpeakerClass, obj, TYPE_TEST_SPEAKER)

/* ---- animal (abstract) -> dog (speaker) -> puppy (swimmer) ---- */

#define TYPE_TEST_ANIMAL "test-animal"
#define TYPE_TEST_DOG "test-dog"
#define TYPE_TEST_PUPPY "test-puppy"

typedef struct TestAnimal {
    Object parent_obj;
    int legs;
} TestAnimal;

typedef struct TestAnimalClass {
    ObjectClass parent_class;
    const char *kind;
    int base_inits;
} TestAnimalClass;

OBJECT_DECLARE_TYPE(TestDog, TestDogClass, TEST_DOG)

struct TestDog {
    TestAnimal parent_obj;
    bool fed;
};

struct TestDogClass {
    TestAnimalClass parent_class;
};

static void animal_class_base_init(ObjectClass *oc, const void *data)
{
    ((TestAnimalClass *)oc)->base_inits++;
    note("bi", object_class_get_name(oc));
}

static void animal_class_init(ObjectClass *oc, const void *data)
{
    ((TestAnimalClass *)oc)->kind = "animal";
    note("ci", object_class_get_name(oc));
}

static void animal_init(Object *obj)
{
    ((TestAnimal *)obj)->legs = 4;
    note("ii", TYPE_TEST_ANIMAL);
}

static void animal_post_init(Object *obj)
{
    note("pi", TYPE_TEST_ANIMAL);
}

static void animal_finalize(Object *obj)
{
    note("fi", TYPE_TEST_ANIMAL);
}

static const char *dog_speak(Object *obj)
{
    return "woof";
}

static const char *puppy_speak(Object *obj)
{
    return "yip";
}

static void dog_class_init(ObjectClass *oc, const void *data)
{
    TEST_SPEAKER_CLASS(object_class_dynamic_cast(oc, TYPE_TEST_SPEAKER))
        ->speak = dog_speak;
    ((TestAnimalClass *)oc)->kind = data;
    note("ci", object_class_get_name(oc));
}

static void dog_init(Object *obj)
{
    note("ii", TYPE_TEST_DOG);
}

static void dog_finalize(Object *obj)
{
    note("fi", TYPE_TEST_DOG);
}

static void puppy_class_init(ObjectClass *oc, const void *data)
{
    TEST_SPEAKER_CLASS(object_class_dynamic_cast(oc, TYPE_TEST_SPEAKER))
        ->speak = puppy_speak;
    note("ci", object_class_get_name(oc));
}

static void puppy_init(Object *obj)
{
    note("ii", TYPE_TEST_PUPPY);
}

static void puppy_finalize(Object *obj)
{
    note("fi", TYPE_TEST_PUPPY);
}

/* ---- an object with a field property of every type ---- */

#define TYPE_TEST_PROPS "test-props"
#define TYPE_TEST_PROPS_SUB "test-props-sub"

typedef struct TestProps {
    Object parent_obj;
    bool flag;
    char *label;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    uint64_t mem;
    int mode;
    Object *peer;
    uint32_t extra;              /* test-props-sub, and object props */
    int custom;                  /* a callback property */
} TestProps;

static const char *const mode_names[] = { "off", "on", "auto", NULL };

#define F(n, t, m, ...) \
    { .name = (n), .type = (t), .offset = offsetof(TestProps, m), \
      __VA_ARGS__ }

static const ObjectField test_fields[] = {
    F("flag", OBJECT_FIELD_BOOL, flag, .has_default = true, .defval.b = true,
      .description = "a flag"),
    F("label", OBJECT_FIELD_STR, label, .has_default = true,
      .defval.s = "none"),
    F("i8", OBJECT_FIELD_INT8, i8, .has_default = true, .defval.i = -5),
    F("i16", OBJECT_FIELD_INT16, i16),
    F("i32", OBJECT_FIELD_INT32, i32),
    F("i64", OBJECT_FIELD_INT64, i64),
    F("u8", OBJECT_FIELD_UINT8, u8, .has_default = true, .defval.u = 200),
    F("u16", OBJECT_FIELD_UINT16, u16),
    F("u32", OBJECT_FIELD_UINT32, u32),
    F("u64", OBJECT_FIELD_UINT64, u64),
    F("mem", OBJECT_FIELD_SIZE, mem, .has_default = true,
      .defval.u = 64 << 20),
    F("mode", OBJECT_FIELD_ENUM, mode, .has_default = true, .defval.i = 2,
      .enum_names = mode_names, .type_name = "OnOffAuto"),
    F("peer", OBJECT_FIELD_LINK, peer, .type_name = TYPE_TEST_ANIMAL),
};

static bool custom_get(Object *obj, ObjectProperty *p, ObjectPropValue *out,
                       GError **errp)
{
    out->i = ((TestProps *)obj)->custom;
    return true;
}

static bool custom_set(Object *obj, ObjectProperty *p,
                       const ObjectPropValue *in, GError **errp)
{
    if (in->i == 13) {
        vireo_error_setg(errp, "13 is unlucky");
        return false;
    }
    ((TestProps *)obj)->custom = (int)in->i;
    return true;
}

static bool custom_check(Object *obj, ObjectProperty *p, GError **errp)
{
    if (((TestProps *)obj)->flag == false) {
        vireo_error_setg(errp, "locked");
        return false;
    }
    return true;
}

static void props_class_init(ObjectClass *oc, const void *data)
{
    ObjectProperty *p;

    for (size_t i = 0; i < G_N_ELEMENTS(test_fields); i++) {
        object_class_property_add_field(oc, &test_fields[i]);
    }
    p = object_class_property_add(oc, "custom", "int", OBJECT_PROP_INT,
                                  custom_get, custom_set, NULL);
    object_property_set_int_range(p, -100, 100);
    p->check = custom_check;
}

static const ObjectField sub_field =
    F("extra", OBJECT_FIELD_UINT32, extra, .has_default = true,
      .defval.u = 7);

static void props_sub_class_init(ObjectClass *oc, const void *data)
{
    object_class_property_add_field(oc, &sub_field);
}

static const InterfaceInfo dog_ifaces[] = { { TYPE_TEST_SPEAKER }, { NULL } };
static const InterfaceInfo puppy_ifaces[] = {
    { TYPE_TEST_SWIMMER }, { TYPE_TEST_SPEAKER }, { NULL }
};

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_SPEAKER,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(TestSpeakerClass),
    },
    {
        .name = TYPE_TEST_SWIMMER,
        .parent = TYPE_INTERFACE,
    },
    {
        .name = TYPE_TEST_ANIMAL,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(TestAnimal),
        .instance_init = animal_init,
        .instance_post_init = animal_post_init,
        .instance_finalize = animal_finalize,
        .class_size = sizeof(TestAnimalClass),
        .class_base_init = animal_class_base_init,
        .class_init = animal_class_init,
    },
    {
        .name = TYPE_TEST_PUPPY,     /* before its parent: order is free */
        .parent = TYPE_TEST_DOG,
        .instance_init = puppy_init,
        .instance_finalize = puppy_finalize,
        .class_init = puppy_class_init,
        .interfaces = puppy_ifaces,
    },
    {
        .name = TYPE_TEST_DOG,
        .parent = TYPE_TEST_ANIMAL,
        .instance_size = sizeof(TestDog),
        .instance_init = dog_init,
        .instance_finalize = dog_finalize,
        .class_size = sizeof(TestDogClass),
        .class_init = dog_class_init,
        .class_data = "dog",
        .interfaces = dog_ifaces,
    },
    {
        .name = TYPE_TEST_PROPS,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestProps),
        .class_init = props_class_init,
    },
    {
        .name = TYPE_TEST_PROPS_SUB,
        .parent = TYPE_TEST_PROPS,
        .class_init = props_sub_class_init,
    },
};

DEFINE_TYPES(test_types)

/* ---- registration and classes ---- */

START_TEST(class_lookup)
{
    ObjectClass *dog = object_class_by_name(TYPE_TEST_DOG);
    ObjectClass *animal = object_class_by_name(TYPE_TEST_ANIMAL);

    ck_assert_ptr_nonnull(dog);
    ck_assert_ptr_null(object_class_by_name("no-such-type"));
    ck_assert_str_eq(object_class_get_name(dog), TYPE_TEST_DOG);
    ck_assert_ptr_eq(object_class_get_parent(dog), animal);
    ck_assert_ptr_eq(object_class_get_parent(animal),
                     object_class_by_name(TYPE_OBJECT));
    ck_assert_ptr_null(object_class_get_parent(
        object_class_by_name(TYPE_OBJECT)));
    ck_assert(object_class_is_abstract(animal));
    ck_assert(!object_class_is_abstract(dog));
    ck_assert_str_eq(((TestAnimalClass *)dog)->kind, "dog");
    ck_assert_str_eq(((TestAnimalClass *)animal)->kind, "animal");
}
END_TEST

START_TEST(class_init_is_lazy_and_parent_first)
{
    ck_assert_str_eq(trace_str(), "");
    object_class_by_name(TYPE_TEST_PUPPY);
    ck_assert_str_eq(trace_str(), "ci:test-animal bi:test-dog ci:test-dog "
                                  "bi:test-puppy ci:test-puppy");
    trace_reset();
    object_class_by_name(TYPE_TEST_DOG);
    ck_assert_str_eq(trace_str(), "");     /* built once */
    /* base_init ran on each subclass; the count is copied down */
    ck_assert_int_eq(((TestAnimalClass *)object_class_by_name(
        TYPE_TEST_PUPPY))->base_inits, 2);
    ck_assert_int_eq(((TestAnimalClass *)object_class_by_name(
        TYPE_TEST_ANIMAL))->base_inits, 0);
}
END_TEST

START_TEST(instance_init_and_finalize_order)
{
    Object *obj = object_new(TYPE_TEST_PUPPY);

    ck_assert_str_eq(trace_str(), "ci:test-animal bi:test-dog ci:test-dog "
                     "bi:test-puppy ci:test-puppy ii:test-animal ii:test-dog "
                     "ii:test-puppy pi:test-animal");
    ck_assert_int_eq(((TestAnimal *)obj)->legs, 4);
    ck_assert_str_eq(object_get_typename(obj), TYPE_TEST_PUPPY);
    trace_reset();
    object_unref(obj);
    ck_assert_str_eq(trace_str(), "fi:test-puppy fi:test-dog fi:test-animal");
}
END_TEST

START_TEST(refcount_finalizes_at_zero)
{
    Object *obj = object_new(TYPE_TEST_DOG);

    ck_assert_ptr_eq(object_ref(obj), obj);
    ck_assert_int_eq(obj->ref, 2);
    trace_reset();
    object_unref(obj);
    ck_assert_str_eq(trace_str(), "");
    object_unref(obj);
    ck_assert_str_eq(trace_str(), "fi:test-dog fi:test-animal");
    object_unref(NULL);      /* harmless */
    ck_assert_ptr_null(object_ref(NULL));
}
END_TEST

START_TEST(embedded_object_initialize)
{
    struct {
        TestDog dog;
        int after;
    } holder;

    holder.after = 42;
    object_initialize(&holder.dog, sizeof(holder.dog), TYPE_TEST_DOG);
    ck_assert_ptr_eq(object_dynamic_cast(OBJECT(&holder.dog),
                                         TYPE_TEST_ANIMAL), &holder.dog);
    trace_reset();
    object_unref(&holder.dog);        /* finalized, not freed */
    ck_assert_str_eq(trace_str(), "fi:test-dog fi:test-animal");
    ck_assert_int_eq(holder.after, 42);
}
END_TEST

START_TEST(dynamic_casts)
{
    Object *puppy = object_new(TYPE_TEST_PUPPY);
    Object *dog = object_new(TYPE_TEST_DOG);

    ck_assert_ptr_eq(object_dynamic_cast(puppy, TYPE_TEST_ANIMAL), puppy);
    ck_assert_ptr_eq(object_dynamic_cast(puppy, TYPE_OBJECT), puppy);
    ck_assert_ptr_eq(object_dynamic_cast(puppy, TYPE_TEST_SWIMMER), puppy);
    ck_assert_ptr_eq(object_dynamic_cast(puppy, TYPE_TEST_SPEAKER), puppy);
    ck_assert_ptr_eq(object_dynamic_cast(dog, TYPE_TEST_SPEAKER), dog);
    ck_assert_ptr_null(object_dynamic_cast(dog, TYPE_TEST_SWIMMER));
    ck_assert_ptr_null(object_dynamic_cast(dog, TYPE_TEST_PUPPY));
    ck_assert_ptr_null(object_dynamic_cast(dog, TYPE_CONTAINER));
    ck_assert_ptr_null(object_dynamic_cast(dog, "no-such-type"));
    ck_assert_ptr_null(object_dynamic_cast(NULL, TYPE_TEST_DOG));

    /* the checked macro hands back the same object when it fits */
    ck_assert_ptr_eq(TEST_DOG(puppy), (TestDog *)puppy);
    ck_assert_ptr_null(TEST_DOG(NULL));
    ck_assert_ptr_eq(TEST_DOG_CLASS(object_get_class(puppy)),
                     (TestDogClass *)object_get_class(puppy));
    object_unref(puppy);
    object_unref(dog);
}
END_TEST

START_TEST(interface_methods_per_class)
{
    Object *puppy = object_new(TYPE_TEST_PUPPY);
    Object *dog = object_new(TYPE_TEST_DOG);
    TestSpeakerClass *ps = TEST_SPEAKER_GET_CLASS(puppy);
    TestSpeakerClass *ds = TEST_SPEAKER_GET_CLASS(dog);

    ck_assert_ptr_ne(ps, ds);
    ck_assert_str_eq(ps->speak(puppy), "yip");
    ck_assert_str_eq(ds->speak(dog), "woof");
    ck_assert_ptr_eq(ps->parent_class.concrete_class,
                     object_get_class(puppy));
    ck_assert_ptr_null(object_class_dynamic_cast(object_get_class(dog),
                                                 TYPE_TEST_SWIMMER));
    ck_assert_ptr_eq(object_class_dynamic_cast(object_get_class(dog),
                                               TYPE_TEST_ANIMAL),
                     object_get_class(dog));
    object_unref(puppy);
    object_unref(dog);
}
END_TEST

START_TEST(checked_casts_cached_stay_right)
{
    Object *puppy = object_new(TYPE_TEST_PUPPY);
    ObjectClass *oc = object_get_class(puppy);

    /* Twice each: the second goes through the class's cast cache. */
    for (int i = 0; i < 2; i++) {
        ck_assert_ptr_eq(TEST_DOG(puppy), (TestDog *)puppy);
        ck_assert_ptr_eq(OBJECT_CHECK(Object, puppy, TYPE_TEST_SPEAKER),
                         puppy);
        ck_assert_ptr_eq(TEST_DOG_CLASS(oc), (TestDogClass *)oc);
        /* An interface's class is not the object's, cached or not. */
        ck_assert_ptr_ne(TEST_SPEAKER_GET_CLASS(puppy), oc);
        ck_assert_str_eq(TEST_SPEAKER_GET_CLASS(puppy)->speak(puppy), "yip");
    }
    /* Many names through a 4-entry cache: every answer still right. */
    ck_assert_ptr_eq(OBJECT_CHECK(Object, puppy, TYPE_TEST_ANIMAL), puppy);
    ck_assert_ptr_eq(OBJECT_CHECK(Object, puppy, TYPE_OBJECT), puppy);
    ck_assert_ptr_eq(OBJECT_CHECK(Object, puppy, TYPE_TEST_PUPPY), puppy);
    ck_assert_ptr_null(object_dynamic_cast(puppy, TYPE_CONTAINER));
    object_unref(puppy);
}
END_TEST

START_TEST(checked_cast_failure_aborts_after_cached_hits)
{
    Object *dog = object_new(TYPE_TEST_DOG);

    TEST_DOG(dog);
    TEST_DOG(dog);
    OBJECT_CHECK(Object, dog, TYPE_TEST_SWIMMER);
}
END_TEST

START_TEST(checked_cast_failure_aborts)
{
    Object *dog = object_new(TYPE_TEST_DOG);

    OBJECT_CHECK(Object, dog, TYPE_TEST_SWIMMER);
}
END_TEST

START_TEST(checked_class_cast_failure_aborts)
{
    OBJECT_CLASS_CHECK(ObjectClass, object_class_by_name(TYPE_TEST_DOG),
                       TYPE_TEST_PROPS);
}
END_TEST

/* Run fn in a child with stderr captured; return what it printed. */
static char *run_and_capture_abort(void (*fn)(void))
{
    int pipefd[2];
    char buf[512] = { 0 };
    size_t got = 0;
    ssize_t n;
    int status;
    pid_t pid;

    ck_assert_int_eq(pipe(pipefd), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(pipefd[0]);
        dup2(pipefd[1], 2);
        fn();
        _exit(0);
    }
    close(pipefd[1]);
    while ((n = read(pipefd[0], buf + got, sizeof(buf) - 1 - got)) > 0) {
        got += n;
    }
    close(pipefd[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGABRT);
    return g_strdup(buf);
}

static void bad_cast(void)
{
    OBJECT_CHECK(Object, object_new(TYPE_TEST_DOG), TYPE_TEST_PUPPY);
}

START_TEST(checked_cast_message_names_both_types)
{
    g_autofree char *out = run_and_capture_abort(bad_cast);

    ck_assert_ptr_nonnull(strstr(out, "object of type 'test-dog' is not a "
                                      "'test-puppy'"));
    ck_assert_ptr_nonnull(strstr(out, "test-qom.c"));
    ck_assert_ptr_null(strchr(strchr(out, '\n') + 1, '\n'));  /* one line */
}
END_TEST

static const TypeInfo dup_dog = { .name = TYPE_TEST_DOG,
                                  .parent = TYPE_OBJECT };

START_TEST(registering_twice_aborts)
{
    type_register_static(&dup_dog);
}
END_TEST

static const TypeInfo orphan = { .name = "test-orphan",
                                 .parent = "test-no-such-parent" };

START_TEST(missing_parent_aborts_at_class_init)
{
    type_register_static(&orphan);       /* registration is lazy */
    object_class_by_name("test-orphan");
}
END_TEST

static const InterfaceInfo not_ifaces[] = { { TYPE_TEST_DOG }, { NULL } };
static const TypeInfo fake_iface_user = { .name = "test-fake-iface-user",
                                          .parent = TYPE_OBJECT,
                                          .interfaces = not_ifaces };

START_TEST(implementing_a_non_interface_aborts)
{
    type_register_static(&fake_iface_user);
    object_class_by_name("test-fake-iface-user");
}
END_TEST

START_TEST(abstract_instance_aborts)
{
    object_new(TYPE_TEST_ANIMAL);
}
END_TEST

static char *class_list_names(const char *implements, bool abstract)
{
    GSList *list = object_class_get_list(implements, abstract);
    GString *s = g_string_new("");

    for (GSList *l = list; l; l = l->next) {
        const char *name = object_class_get_name(l->data);
        if (g_str_has_prefix(name, "test-")) {
            g_string_append_printf(s, "%s%s", s->len ? " " : "", name);
        }
    }
    g_slist_free(list);
    return g_string_free(s, false);
}

START_TEST(class_list_sorted_and_filtered)
{
    g_autofree char *animals = class_list_names(TYPE_TEST_ANIMAL, false);
    g_autofree char *all = class_list_names(TYPE_TEST_ANIMAL, true);
    g_autofree char *speakers = class_list_names(TYPE_TEST_SPEAKER, false);
    g_autofree char *swimmers = class_list_names(TYPE_TEST_SWIMMER, false);
    g_autofree char *everything = class_list_names(NULL, false);

    ck_assert_str_eq(animals, "test-dog test-puppy");
    ck_assert_str_eq(all, "test-animal test-dog test-puppy");
    ck_assert_str_eq(speakers, "test-dog test-puppy");
    ck_assert_str_eq(swimmers, "test-puppy");
    ck_assert_str_eq(everything,
                     "test-dog test-props test-props-sub test-puppy");
}
END_TEST

/* ---- the composition tree ---- */

START_TEST(tree_children_and_paths)
{
    Object *root = object_get_root();
    Object *dog = object_new(TYPE_TEST_DOG);
    Object *puppy = object_new(TYPE_TEST_PUPPY);
    GError *err = NULL;
    g_autofree char *path = NULL;
    g_autofree char *rootpath = object_get_canonical_path(root);

    ck_assert_ptr_eq(object_get_root(), root);
    ck_assert_str_eq(rootpath, "/");
    ck_assert_ptr_null(object_get_canonical_path(dog));   /* not in tree */

    ck_assert_ptr_nonnull(object_property_add_child(root, "dog", dog, &err));
    ck_assert_ptr_nonnull(object_property_add_child(dog, "pup", puppy, &err));
    ck_assert_int_eq(dog->ref, 2);
    object_unref(dog);                    /* the tree keeps both */
    object_unref(puppy);
    path = object_get_canonical_path(puppy);
    ck_assert_str_eq(path, "/dog/pup");
    ck_assert_str_eq(object_get_canonical_path_component(puppy), "pup");
    ck_assert_ptr_eq(puppy->parent, dog);

    /* the child property reads as the child's path */
    g_autofree char *val = object_property_get_str(dog, "pup", &err);
    ck_assert_str_eq(val, "/dog/pup");
    ck_assert_ptr_eq(object_property_get_link(dog, "pup", &err), puppy);
    ck_assert_str_eq(object_property_find(dog, "pup")->type,
                     "child<test-puppy>");

    /* a taken name, or a slash, is an error */
    Object *other = object_new(TYPE_TEST_DOG);
    EXPECT_FAIL(object_property_add_child(dog, "pup", other, &err_),
                "already has a property 'pup'", "/dog");
    EXPECT_FAIL(object_property_add_child(dog, "a/b", other, &err_),
                "'a/b' is not a valid child name", NULL);
    EXPECT_FAIL(object_property_add_child(dog, "", other, &err_),
                "not a valid child name", NULL);
    ck_assert_ptr_null(other->parent);
    object_unref(other);

    /* a child cannot be set */
    EXPECT_FAIL(object_property_set_str(dog, "pup", "x", &err_),
                "Property 'test-dog.pup' is read-only", NULL);

    trace_reset();
    object_unparent(dog);                 /* last ref: dog and pup go */
    ck_assert_str_eq(trace_str(), "fi:test-puppy fi:test-dog fi:test-animal "
                                  "fi:test-dog fi:test-animal");
    ck_assert_ptr_null(object_resolve_path("/dog", NULL));
    ck_assert_ptr_null(err);
}
END_TEST

START_TEST(tree_auto_index_names)
{
    Object *root = object_get_root();

    for (int i = 0; i < 3; i++) {
        Object *d = object_new(TYPE_TEST_DOG);
        ck_assert_ptr_nonnull(object_property_add_child(root, "dog[*]", d,
                                                        NULL));
        object_unref(d);
    }
    Object *d1 = object_resolve_path("/dog[1]", NULL);
    ck_assert_ptr_nonnull(d1);
    object_unparent(d1);
    Object *d = object_new(TYPE_TEST_PUPPY);
    object_property_add_child(root, "dog[*]", d, NULL);
    object_unref(d);
    ck_assert_ptr_eq(object_resolve_path("/dog[1]", NULL), d);   /* reused */
    ck_assert_ptr_nonnull(object_resolve_path("/dog[2]", NULL));
    ck_assert_ptr_null(object_resolve_path("/dog[3]", NULL));
}
END_TEST

static int count_child(Object *child, void *opaque)
{
    (*(int *)opaque)++;
    return *(int *)opaque == 2 ? 99 : 0;
}

START_TEST(tree_resolve_paths)
{
    Object *root = object_get_root();
    Object *periph = object_container_get(root, "/machine/peripheral");
    Object *anon = object_container_get(root, "machine/peripheral-anon");
    Object *a = object_new(TYPE_TEST_DOG);
    Object *b = object_new(TYPE_TEST_PUPPY);
    Object *c = object_new(TYPE_TEST_DOG);
    bool amb = true;
    int n = 0;

    ck_assert_ptr_eq(object_container_get(root, "/machine/peripheral"),
                     periph);
    ck_assert_str_eq(object_get_typename(periph), TYPE_CONTAINER);
    object_property_add_child(periph, "disk", a, NULL);
    object_property_add_child(anon, "disk", b, NULL);
    object_property_add_child(anon, "net", c, NULL);
    object_unref(a);
    object_unref(b);
    object_unref(c);

    ck_assert_ptr_eq(object_resolve_path("/", NULL), root);
    ck_assert_ptr_eq(object_resolve_path("/machine/peripheral/disk", &amb),
                     a);
    ck_assert(!amb);
    ck_assert_ptr_eq(object_resolve_path("/machine//peripheral/disk/",
                                         NULL), a);
    ck_assert_ptr_null(object_resolve_path("/machine/disk", &amb));
    ck_assert(!amb);
    ck_assert_ptr_null(object_resolve_path("/nope", NULL));

    /* partial paths must match one object */
    ck_assert_ptr_eq(object_resolve_path("net", &amb), c);
    ck_assert(!amb);
    ck_assert_ptr_eq(object_resolve_path("peripheral/disk", &amb), a);
    ck_assert_ptr_null(object_resolve_path("disk", &amb));
    ck_assert(amb);
    ck_assert_ptr_null(object_resolve_path("nothing", &amb));
    ck_assert(!amb);
    /* ... unless a type narrows it */
    ck_assert_ptr_eq(object_resolve_path_type("disk", TYPE_TEST_PUPPY, &amb),
                     b);
    ck_assert_ptr_eq(object_resolve_path_type("", TYPE_TEST_PUPPY, &amb),
                     b);
    ck_assert_ptr_null(object_resolve_path_type("/machine/peripheral/disk",
                                                TYPE_TEST_PUPPY, NULL));

    ck_assert_int_eq(object_child_foreach(anon, count_child, &n), 99);
    ck_assert_int_eq(n, 2);
}
END_TEST

/* ---- properties ---- */

static TestProps *new_props(void)
{
    return (TestProps *)object_new(TYPE_TEST_PROPS);
}

START_TEST(prop_defaults_apply_to_every_instance)
{
    TestProps *p = new_props();
    TestProps *q = new_props();
    g_autofree char *mode = object_property_get_str(OBJECT(p), "mode", NULL);
    g_autofree char *label = object_property_get_str(OBJECT(p), "label",
                                                     NULL);

    ck_assert(p->flag);
    ck_assert_str_eq(p->label, "none");
    ck_assert_int_eq(p->i8, -5);
    ck_assert_uint_eq(p->u8, 200);
    ck_assert_uint_eq(p->mem, 64 << 20);
    ck_assert_int_eq(p->mode, 2);
    ck_assert_ptr_null(p->peer);
    ck_assert_str_eq(mode, "auto");
    ck_assert_str_eq(label, "none");

    ck_assert(object_property_set_str(OBJECT(p), "u8", "7", NULL));
    ck_assert_uint_eq(p->u8, 7);
    ck_assert_uint_eq(q->u8, 200);       /* per instance */
    ck_assert_ptr_ne(p->label, q->label);

    ObjectProperty *prop = object_property_find(OBJECT(p), "mem");
    ck_assert_str_eq(prop->type, "size");
    ck_assert_str_eq(prop->defval, "67108864");
    prop = object_property_find(OBJECT(p), "mode");
    ck_assert_str_eq(prop->type, "OnOffAuto");
    ck_assert_str_eq(prop->defval, "auto");
    prop = object_property_find(OBJECT(p), "flag");
    ck_assert_str_eq(prop->description, "a flag");
    ck_assert_str_eq(prop->defval, "true");
    ck_assert_ptr_null(object_property_find(OBJECT(p), "i16")->defval);
    ck_assert_str_eq(object_property_find(OBJECT(p), "peer")->type,
                     "link<test-animal>");
    object_unref(p);
    object_unref(q);
}
END_TEST

START_TEST(prop_bool_and_str)
{
    TestProps *p = new_props();
    Object *o = OBJECT(p);
    const char *yes[] = { "on", "yes", "true", "y" };
    const char *no[] = { "off", "no", "false", "n" };

    for (int i = 0; i < 4; i++) {
        ck_assert(object_property_set_str(o, "flag", no[i], NULL));
        ck_assert(!p->flag);
        ck_assert(object_property_set_str(o, "flag", yes[i], NULL));
        ck_assert(p->flag);
    }
    EXPECT_FAIL(object_property_set_str(o, "flag", "maybe", &err_),
                "Property 'test-props.flag' cannot be set to 'maybe'",
                "on/off");
    ck_assert(p->flag);
    ck_assert(object_property_set_bool(o, "flag", false, NULL));
    ck_assert(!object_property_get_bool(o, "flag", NULL));
    g_autofree char *b = object_property_get_str(o, "flag", NULL);
    ck_assert_str_eq(b, "false");

    ck_assert(object_property_set_str(o, "label", "a,b c", NULL));
    ck_assert_str_eq(p->label, "a,b c");
    ck_assert(object_property_set_str(o, "label", "", NULL));
    ck_assert_str_eq(p->label, "");
    object_unref(p);
}
END_TEST

typedef struct RangeCase {
    const char *prop;
    const char *good[3];
    const char *bad[3];
    const char *why;
} RangeCase;

static const RangeCase range_cases[] = {
    { "i8", { "-128", "127", "0x7f" }, { "-129", "128", "0x80" },
      "out of range (-128 to 127)" },
    { "i16", { "-32768", "32767", "0" }, { "-32769", "32768", "65535" },
      "out of range (-32768 to 32767)" },
    { "i32", { "-2147483648", "2147483647", "-1" },
      { "-2147483649", "2147483648", "4294967295" },
      "out of range (-2147483648 to 2147483647)" },
    { "u8", { "0", "255", "0xff" }, { "256", "1000", "0x100" },
      "out of range (0 to 255)" },
    { "u16", { "0", "65535", "1" }, { "65536", "70000", "0x10000" },
      "out of range (0 to 65535)" },
    { "u32", { "0", "4294967295", "0xffffffff" },
      { "4294967296", "0x100000000", "99999999999" },
      "out of range (0 to 4294967295)" },
};

START_TEST(prop_integer_ranges)
{
    const RangeCase *rc = &range_cases[_i];
    TestProps *p = new_props();

    for (int i = 0; i < 3; i++) {
        GError *err = NULL;
        ck_assert_msg(object_property_set_str(OBJECT(p), rc->prop,
                                              rc->good[i], &err),
                      "%s=%s: %s", rc->prop, rc->good[i],
                      err ? err->message : "");
        g_autofree char *expect = g_strdup_printf(
            "Property 'test-props.%s' cannot be set to '%s'", rc->prop,
            rc->bad[i]);
        EXPECT_FAIL(object_property_set_str(OBJECT(p), rc->prop,
                                            rc->bad[i], &err_),
                    expect, rc->why);
    }
    object_unref(p);
}
END_TEST

START_TEST(prop_integer_edges_and_junk)
{
    TestProps *p = new_props();
    Object *o = OBJECT(p);

    ck_assert(object_property_set_str(o, "i64", "-9223372036854775808",
                                      NULL));
    ck_assert_int_eq(p->i64, INT64_MIN);
    ck_assert(object_property_set_str(o, "u64", "18446744073709551615",
                                      NULL));
    ck_assert_uint_eq(p->u64, UINT64_MAX);
    EXPECT_FAIL(object_property_set_str(o, "u64", "18446744073709551616",
                                        &err_), "'18446744073709551616'",
                "not a number");
    EXPECT_FAIL(object_property_set_str(o, "i64", "9223372036854775808",
                                        &err_), "not a number", NULL);
    EXPECT_FAIL(object_property_set_str(o, "u16", "-1", &err_),
                "Property 'test-props.u16' cannot be set to '-1'",
                "not a number in range (0 to 65535)");
    EXPECT_FAIL(object_property_set_str(o, "u16", "12abc", &err_),
                "'12abc'", "not a number");
    EXPECT_FAIL(object_property_set_str(o, "i16", "", &err_),
                "cannot be set to ''", NULL);
    EXPECT_FAIL(object_property_set_str(o, "i16", " 5", &err_),
                "' 5'", NULL);
    ck_assert_uint_eq(p->u64, UINT64_MAX);       /* untouched by failures */

    /* typed setters share the range checks */
    ck_assert(object_property_set_int(o, "u16", 65535, NULL));
    ck_assert_uint_eq(p->u16, 65535);
    EXPECT_FAIL(object_property_set_int(o, "u16", -1, &err_),
                "cannot be set to '-1'", "out of range");
    EXPECT_FAIL(object_property_set_uint(o, "i8", 200, &err_),
                "cannot be set to '200'", "out of range (-128 to 127)");
    EXPECT_FAIL(object_property_set_uint(o, "i64", UINT64_MAX, &err_),
                "cannot be set to '18446744073709551615'", NULL);
    ck_assert(object_property_set_int(o, "i8", -128, NULL));
    ck_assert_int_eq(object_property_get_int(o, "i8", NULL), -128);
    ck_assert_uint_eq(object_property_get_uint(o, "u16", NULL), 65535);
    g_autofree char *s = object_property_get_str(o, "i8", NULL);
    ck_assert_str_eq(s, "-128");
    object_unref(p);
}
END_TEST

START_TEST(prop_size_suffixes)
{
    static const struct {
        const char *in;
        uint64_t out;
    } good[] = {
        { "0", 0 }, { "512", 512 }, { "8B", 8 }, { "1K", 1024 },
        { "4k", 4096 }, { "2M", 2 << 20 }, { "1G", 1ULL << 30 },
        { "1T", 1ULL << 40 }, { "1P", 1ULL << 50 }, { "2E", 2ULL << 60 },
        { "1.5G", 3ULL << 29 }, { "0.5K", 512 },
        { "18446744073709551615", UINT64_MAX }, { "15E", 15ULL << 60 },
    };
    static const char *const bad[] = {
        "", "K", "-1", "1X", "1KB", "1.5", "1.K", "12 M", "abc",
    };
    static const char *const huge[] = {
        "16E", "18446744073709551616", "17179869184G", "16.5E",
    };
    uint64_t v;

    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        GError *err = NULL;
        ck_assert_msg(object_parse_size(good[i].in, &v, &err), "%s: %s",
                      good[i].in, err ? err->message : "");
        ck_assert_msg(v == good[i].out, "%s gave %" G_GUINT64_FORMAT,
                      good[i].in, v);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *want = g_strdup_printf("'%s' is not a size",
                                                bad[i]);
        EXPECT_FAIL(object_parse_size(bad[i], &v, &err_), want, NULL);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(huge); i++) {
        EXPECT_FAIL(object_parse_size(huge[i], &v, &err_), huge[i],
                    "too large");
    }

    TestProps *p = new_props();
    ck_assert(object_property_set_str(OBJECT(p), "mem", "256M", NULL));
    ck_assert_uint_eq(p->mem, 256 << 20);
    EXPECT_FAIL(object_property_set_str(OBJECT(p), "mem", "lots", &err_),
                "Property 'test-props.mem' cannot be set to 'lots'",
                "not a size");
    EXPECT_FAIL(object_property_set_str(OBJECT(p), "mem", "99E", &err_),
                "'99E'", "too large");
    ck_assert_uint_eq(p->mem, 256 << 20);
    object_unref(p);
}
END_TEST

START_TEST(prop_enum)
{
    TestProps *p = new_props();
    Object *o = OBJECT(p);

    ck_assert(object_property_set_str(o, "mode", "on", NULL));
    ck_assert_int_eq(p->mode, 1);
    EXPECT_FAIL(object_property_set_str(o, "mode", "sometimes", &err_),
                "Property 'test-props.mode' cannot be set to 'sometimes'",
                "expected one of: off, on, auto");
    ck_assert(object_property_set_int(o, "mode", 0, NULL));
    g_autofree char *s = object_property_get_str(o, "mode", NULL);
    ck_assert_str_eq(s, "off");
    EXPECT_FAIL(object_property_set_int(o, "mode", 3, &err_),
                "cannot be set to '3'", "3 choices");
    EXPECT_FAIL(object_property_set_int(o, "mode", -1, &err_),
                "cannot be set to '-1'", NULL);
    ck_assert_int_eq(object_property_get_int(o, "mode", NULL), 0);
    object_unref(p);
}
END_TEST

START_TEST(prop_links)
{
    Object *periph = object_container_get(object_get_root(),
                                          "/machine/peripheral");
    Object *dog = object_new(TYPE_TEST_DOG);
    Object *other = object_new(TYPE_TEST_PROPS);
    TestProps *p = new_props();
    Object *o = OBJECT(p);

    object_property_add_child(periph, "rex", dog, NULL);
    object_property_add_child(periph, "thing", other, NULL);
    object_unref(other);

    ck_assert(object_property_set_str(o, "peer", "rex", NULL));   /* an id */
    ck_assert_ptr_eq(p->peer, dog);
    ck_assert_int_eq(dog->ref, 3);               /* us, tree, link */
    g_autofree char *path = object_property_get_str(o, "peer", NULL);
    ck_assert_str_eq(path, "/machine/peripheral/rex");
    ck_assert(object_property_set_str(o, "peer", "", NULL));
    ck_assert_ptr_null(p->peer);
    ck_assert_int_eq(dog->ref, 2);
    ck_assert(object_property_set_str(o, "peer", "/machine/peripheral/rex",
                                      NULL));
    ck_assert_ptr_eq(object_property_get_link(o, "peer", NULL), dog);

    EXPECT_FAIL(object_property_set_str(o, "peer", "thing", &err_),
                "Property 'test-props.peer' cannot be set to 'thing'",
                "is a 'test-props', not a 'test-animal'");
    EXPECT_FAIL(object_property_set_str(o, "peer", "fido", &err_),
                "cannot be set to 'fido'", "no object has that path or id");
    EXPECT_FAIL(object_property_set_link(o, "peer", other, &err_),
                "'/machine/peripheral/thing'", "not a 'test-animal'");
    EXPECT_FAIL(object_property_set_link(o, "flag", dog, &err_),
                "Property 'test-props.flag' is of type 'bool', not a link",
                NULL);
    ck_assert_ptr_eq(p->peer, dog);

    /* a link can be followed in a path */
    Object *periph_holder = object_container_get(object_get_root(), "/h");
    object_property_add_child(periph_holder, "p", o, NULL);
    ck_assert_ptr_eq(object_resolve_path("/h/p/peer", NULL), dog);
    object_unparent(o);

    /* the link keeps the target alive after it leaves the tree */
    object_unparent(dog);
    ck_assert_int_eq(dog->ref, 2);
    object_unref(dog);
    trace_reset();
    object_unref(p);                             /* releases the link */
    ck_assert_str_eq(trace_str(), "fi:test-dog fi:test-animal");
}
END_TEST

START_TEST(prop_lookup_and_kind_errors)
{
    TestProps *p = new_props();
    Object *o = OBJECT(p);
    GError *err = NULL;

    ck_assert_ptr_null(object_property_find(o, "nope"));
    ck_assert_ptr_null(object_property_find_err(o, "nope", &err));
    vireo_expect_error(err, "Property 'test-props.nope' not found", NULL);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_NOT_FOUND));
    g_clear_error(&err);
    EXPECT_FAIL(object_property_set_str(o, "nope", "1", &err_),
                "Property 'test-props.nope' not found", NULL);
    ck_assert_ptr_null(object_property_get_str(o, "nope", &err));
    vireo_expect_error(err, "not found", NULL);
    g_clear_error(&err);
    EXPECT_FAIL(object_property_set_bool(o, "u8", true, &err_),
                "Property 'test-props.u8' is of type 'uint8', not a bool",
                NULL);
    EXPECT_FAIL(object_property_set_int(o, "label", 1, &err_),
                "is of type 'str', not an integer", NULL);
    ck_assert_int_eq(object_property_get_int(o, "label", &err), 0);
    vireo_expect_error(err, "not an integer", NULL);
    g_clear_error(&err);
    ck_assert(!object_property_get_bool(o, "label", &err));
    vireo_expect_error(err, "not a bool", NULL);
    g_clear_error(&err);
    object_unref(p);
}
END_TEST

START_TEST(prop_callbacks_and_check)
{
    TestProps *p = new_props();
    Object *o = OBJECT(p);

    ck_assert(object_property_set_str(o, "custom", "-100", NULL));
    ck_assert_int_eq(p->custom, -100);
    EXPECT_FAIL(object_property_set_str(o, "custom", "101", &err_),
                "out of range (-100 to 100)", NULL);
    EXPECT_FAIL(object_property_set_int(o, "custom", 13, &err_),
                "13 is unlucky", NULL);
    p->flag = false;
    EXPECT_FAIL(object_property_set_int(o, "custom", 5, &err_), "locked",
                NULL);
    ck_assert_int_eq(object_property_get_int(o, "custom", NULL), -100);
    object_unref(p);
}
END_TEST

START_TEST(prop_object_level_and_iteration)
{
    TestProps *p = (TestProps *)object_new(TYPE_TEST_PROPS_SUB);
    TestProps *plain = new_props();
    Object *o = OBJECT(p);
    ObjectField f = F("own", OBJECT_FIELD_UINT32, extra, .has_default = true,
                      .defval.u = 99);
    ObjectField dup = F("u8", OBJECT_FIELD_UINT8, u8);
    ObjectField str = F("note", OBJECT_FIELD_STR, label,
                        .has_default = true, .defval.s = "x");
    ObjectPropertyIterator it;
    ObjectProperty *prop;
    GString *names = g_string_new("");

    /* the subclass's default, then the object property's */
    ck_assert_uint_eq(p->extra, 7);
    ck_assert_ptr_nonnull(object_property_add_field(OBJECT(plain), &f, NULL));
    ck_assert_uint_eq(plain->extra, 99);
    ck_assert(object_property_set_str(OBJECT(plain), "own", "5", NULL));
    ck_assert_uint_eq(plain->extra, 5);
    EXPECT_FAIL(object_property_add_field(o, &dup, &err_),
                "already has a property 'u8'", NULL);
    ck_assert_ptr_nonnull(object_property_add_field(o, &str, NULL));
    ck_assert_str_eq(p->label, "x");

    object_property_iter_init(&it, o);
    while ((prop = object_property_iter_next(&it))) {
        g_string_append_printf(names, "%s ", prop->name);
    }
    ck_assert_str_eq(names->str, "note extra flag label i8 i16 i32 i64 u8 "
                                 "u16 u32 u64 mem mode peer custom ");
    g_string_free(names, true);

    object_class_property_iter_init(&it, object_get_class(o));
    ck_assert_str_eq(object_property_iter_next(&it)->name, "extra");
    ck_assert_str_eq(object_property_iter_next(&it)->name, "flag");
    ck_assert_ptr_null(object_property_find(OBJECT(plain), "extra"));

    ck_assert(object_property_del(o, "note", NULL));
    ck_assert_ptr_null(object_property_find(o, "note"));
    EXPECT_FAIL(object_property_del(o, "note", &err_), "not found", NULL);
    p->label = NULL;          /* "note" shared the member and freed it */
    object_unref(p);
    object_unref(plain);
}
END_TEST

static int released;

static void count_release(Object *obj, ObjectProperty *p)
{
    released += GPOINTER_TO_INT(p->opaque);
}

START_TEST(prop_object_callbacks_released)
{
    TestProps *p = new_props();
    Object *o = OBJECT(p);
    ObjectProperty *prop;

    prop = object_property_add(o, "val", "int", OBJECT_PROP_INT, custom_get,
                               custom_set, count_release, GINT_TO_POINTER(1),
                               NULL);
    ck_assert_ptr_nonnull(prop);
    object_property_set_description(prop, "a value");
    object_property_set_default_str(prop, "0");
    ck_assert(object_property_set_str(o, "val", "-7", NULL));
    ck_assert_int_eq(p->custom, -7);
    ck_assert_ptr_nonnull(object_property_add(o, "ro", "int", OBJECT_PROP_INT,
                                              custom_get, NULL, count_release,
                                              GINT_TO_POINTER(10), NULL));
    EXPECT_FAIL(object_property_set_int(o, "ro", 1, &err_),
                "Property 'test-props.ro' is read-only", NULL);
    ck_assert_int_eq(object_property_get_int(o, "ro", NULL), -7);
    EXPECT_FAIL(object_property_add(o, "flag", "bool", OBJECT_PROP_BOOL,
                                    NULL, NULL, NULL, NULL, &err_),
                "already has a property 'flag'", NULL);
    ck_assert(object_property_del(o, "val", NULL));
    ck_assert_int_eq(released, 1);
    object_unref(p);
    ck_assert_int_eq(released, 11);
}
END_TEST

static Suite *qom_suite(void)
{
    Suite *s = suite_create("qom");
    TCase *types = tcase_create("types");
    TCase *bugs = tcase_create("programming-errors");
    TCase *tree = tcase_create("tree");
    TCase *props = tcase_create("properties");

    tcase_add_test(types, class_lookup);
    tcase_add_test(types, class_init_is_lazy_and_parent_first);
    tcase_add_test(types, instance_init_and_finalize_order);
    tcase_add_test(types, refcount_finalizes_at_zero);
    tcase_add_test(types, embedded_object_initialize);
    tcase_add_test(types, dynamic_casts);
    tcase_add_test(types, checked_casts_cached_stay_right);
    tcase_add_test(types, interface_methods_per_class);
    tcase_add_test(types, class_list_sorted_and_filtered);
    tcase_add_test(types, checked_cast_message_names_both_types);
    suite_add_tcase(s, types);

    tcase_add_test_raise_signal(bugs, checked_cast_failure_aborts, SIGABRT);
    tcase_add_test_raise_signal(bugs,
                                checked_cast_failure_aborts_after_cached_hits,
                                SIGABRT);
    tcase_add_test_raise_signal(bugs, checked_class_cast_failure_aborts,
                                SIGABRT);
    tcase_add_test_raise_signal(bugs, registering_twice_aborts, SIGABRT);
    tcase_add_test_raise_signal(bugs, missing_parent_aborts_at_class_init,
                                SIGABRT);
    tcase_add_test_raise_signal(bugs, implementing_a_non_interface_aborts,
                                SIGABRT);
    tcase_add_test_raise_signal(bugs, abstract_instance_aborts, SIGABRT);
    suite_add_tcase(s, bugs);

    tcase_add_test(tree, tree_children_and_paths);
    tcase_add_test(tree, tree_auto_index_names);
    tcase_add_test(tree, tree_resolve_paths);
    suite_add_tcase(s, tree);

    tcase_add_test(props, prop_defaults_apply_to_every_instance);
    tcase_add_test(props, prop_bool_and_str);
    tcase_add_loop_test(props, prop_integer_ranges, 0,
                        G_N_ELEMENTS(range_cases));
    tcase_add_test(props, prop_integer_edges_and_junk);
    tcase_add_test(props, prop_size_suffixes);
    tcase_add_test(props, prop_enum);
    tcase_add_test(props, prop_links);
    tcase_add_test(props, prop_lookup_and_kind_errors);
    tcase_add_test(props, prop_callbacks_and_check);
    tcase_add_test(props, prop_object_level_and_iteration);
    tcase_add_test(props, prop_object_callbacks_released);
    suite_add_tcase(s, props);
    return s;
}

VIREO_CHECK_MAIN(qom_suite)
