"""One factory per org-owned accounts model (the authorization test builds one of each with `org=`)."""

import factory

from gonghui.accounts.models import AccountBatch
from gonghui.accounts.passwords import new_seed
from gonghui.orgs.tests.factories import UserFactory


class AccountBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountBatch

    created_by = factory.SubFactory(UserFactory)
    seed = factory.LazyFunction(new_seed)
