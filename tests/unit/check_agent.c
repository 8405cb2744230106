/* SPDX-License-Identifier: MIT */
/* Unit tests: agent releases, version comparison, which agent reads a kind. */
#include "config.h"

#include <string.h>

#include "agent.h"
#include "policy.h"
#include "suites.h"
#include "util.h"

static const struct {
	const char *a, *b;
	int want;
} versions[] = {
	{ "2.0.1303", "2.3.108", -1 },
	{ "2.3.108", "2.0.1303", 1 },
	{ "2.0.285", "2.0.1173", -1 },	/* numeric, not text order */
	{ "2.0", "2.0.0", 0 },
	{ "2.0", "2.0.153", -1 },
	{ "1.3.2004891", "1.3.2004617", 1 },
	{ "2.4.0", "2.4.0", 0 },
};

START_TEST(test_vercmp)
{
	int got = ua_agent_vercmp(versions[_i].a, versions[_i].b);

	ck_assert_msg(got == versions[_i].want, "vercmp(%s, %s) = %d, want %d",
	    versions[_i].a, versions[_i].b, got, versions[_i].want);
}
END_TEST

static const struct {
	const char *s;
	int valid;
} syntax[] = {
	{ "2.0.1303", 1 }, { "2", 1 }, { "2.", 0 }, { ".2", 0 }, { "2..1", 0 },
	{ "2.0.x", 0 }, { "", 0 }, { "v2.0", 0 }, { "1234567890123.1", 0 },
};

START_TEST(test_version_valid)
{
	ck_assert_msg(ua_version_valid(syntax[_i].s) == syntax[_i].valid, "valid(\"%s\") != %d",
	    syntax[_i].s, syntax[_i].valid);
}
END_TEST

START_TEST(test_tables)
{
	char err[256];
	const struct ua_agents *a = ua_ctx_agents(test_ctx, err, sizeof(err));
	const struct ua_agent *v2, *v1, *ec2config;

	ck_assert_msg(a != NULL, "%s", err);
	v2 = ua_agent_find(a, "ec2launch-v2");
	v1 = ua_agent_find(a, "ec2launch-v1");
	ec2config = ua_agent_find(a, "ec2config");
	ck_assert_ptr_nonnull(v2);
	ck_assert_ptr_nonnull(v1);
	ck_assert_ptr_nonnull(ec2config);
	ck_assert_str_eq(v2->newest, "2.4.0");
	ck_assert_str_eq(v1->newest, "1.4.299");
	ck_assert_ptr_null(ec2config->newest);
	ck_assert(ua_agent_documented(v2, "2.3.108"));
	ck_assert(!ua_agent_documented(v2, "2.3.109"));
}
END_TEST

START_TEST(test_agent_for)
{
	char err[256];
	const struct ua_agents *a = ua_ctx_agents(test_ctx, err, sizeof(err));
	struct ua_policy pol = { 0 };
	struct ua_agent_sel s;

	s = ua_agent_for(a, "agent-config", NULL);
	ck_assert_str_eq(s.agent->name, "ec2launch-v2");
	ck_assert_str_eq(s.version, "2.4.0");
	ck_assert_int_eq(s.given, 0);
	ck_assert_int_eq(s.known, 1);		/* its only reader */
	s = ua_agent_for(a, "launchconfig", NULL);
	ck_assert_str_eq(s.agent->name, "ec2launch");	/* one name, two spellings */
	ck_assert_ptr_eq(ua_agent_find(a, "ec2launch-v1"), s.agent);
	ck_assert(ua_agent_is(s.agent, "ec2launch-v1") && ua_agent_is(s.agent, "ec2launch"));
	ck_assert(!ua_agent_is(s.agent, "ec2launch-v2"));
	s = ua_agent_for(a, "unattend", NULL);	/* any agent's: not known */
	ck_assert_int_eq(s.known, 0);
	s = ua_agent_for_reader(a, "unattend", NULL, "ec2launch-v1");	/* a set's */
	ck_assert_str_eq(s.agent->name, "ec2launch");
	ck_assert_str_eq(s.version, "1.4.299");
	ck_assert_int_eq(s.known, 1);
	s = ua_agent_for_reader(a, "agent-config", NULL, "ec2config");	/* not its kind */
	ck_assert_str_eq(s.agent->name, "ec2launch-v2");
	s = ua_agent_for(a, "user-data", NULL);	/* several agents: the first */
	ck_assert_str_eq(s.agent->name, "ec2launch-v2");
	ck_assert_ptr_null(ua_agent_for(a, "no-such-kind", NULL).agent);

	ck_assert_int_eq(ua_policy_set(&pol, "agent-version", "1.3.2004891", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_policy_set(&pol, "agent-version", "ec2config", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_agent_settle(test_ctx, &pol, err, sizeof(err)), 0);
	s = ua_agent_for(a, "launchconfig", &pol);
	ck_assert_str_eq(s.version, "1.3.2004891");
	ck_assert_int_eq(s.given, 1);
	s = ua_agent_for(a, "agent-config", &pol);	/* not named: the default */
	ck_assert_str_eq(s.version, "2.4.0");
	s = ua_agent_for(a, "user-data", &pol);		/* named last */
	ck_assert_str_eq(s.agent->name, "ec2config");
	ck_assert_ptr_null(s.version);
	ua_policy_free(&pol);

	ck_assert_int_eq(ua_policy_set(&pol, "agent-version", "ec2launch-v2@2.x", err, sizeof(err)), -1);
	ck_assert_int_eq(ua_policy_set(&pol, "agent-version", "7.1", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_agent_settle(test_ctx, &pol, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "7.1"));
	ua_policy_free(&pol);
}
END_TEST

Suite *
agent_suite(void)
{
	Suite *s = suite_create("agent");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, test_ctx_setup, test_ctx_teardown);
	tcase_add_loop_test(tc, test_vercmp, 0, sizeof(versions) / sizeof(versions[0]));
	tcase_add_loop_test(tc, test_version_valid, 0, sizeof(syntax) / sizeof(syntax[0]));
	tcase_add_test(tc, test_tables);
	tcase_add_test(tc, test_agent_for);
	suite_add_tcase(s, tc);
	return s;
}
