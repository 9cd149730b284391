import type { Knex } from 'knex';

/**
 * Deposits (保证金) on a double-entry ledger, electronic guarantees (电子保函), the centre's service fees (服务费),
 * generated documents, and award notices (中标通知书).
 *
 * The ledger: accounts, journal entries and their lines (amount_fen signed: debit > 0, credit < 0). Every entry's
 * lines sum to zero and an entry has exactly the number of lines it declares; balances are sums of lines, never
 * stored. The database enforces it: on PostgreSQL deferred constraint triggers check each entry at commit; on SQLite
 * the line that completes an entry is refused unless the entry balances, and no line may be added beyond the
 * declared count. Entries and lines are append-only on both (UPDATE and DELETE are refused), and a deposit is
 * refunded at most once (unique deposit_id on the refunds).
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';

  await knex.schema.createTable('ledger_accounts', (t) => {
    t.increments('id').primary();
    t.string('account_code', 200).notNullable().unique(); // e.g. escrow:{section} or payable:{section}:{credit code}
    t.string('kind', 16).notNullable().checkIn(['asset', 'liability', 'income', 'expense'], 'ledger_accounts_kind');
    t.string('purpose', 32).notNullable().checkIn([
      'deposit_escrow', 'deposit_payable', 'interest_expense', 'interest_settlement', 'fee_receivable', 'fee_income',
    ], 'ledger_accounts_purpose');
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.integer('section_id').nullable().references('id').inTable('sections');
    t.integer('subject_id').nullable().references('id').inTable('subjects');
    t.string('name', 300).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['section_id', 'purpose']);
  });

  await knex.schema.createTable('journal_entries', (t) => {
    t.increments('id').primary();
    t.string('entry_key', 300).notNullable().unique(); // what posted it, once: e.g. deposit:{id}:collect
    t.string('kind', 32).notNullable(); // deposit.collect | deposit.refund | fee.charge
    t.integer('deal_id').nullable().references('id').inTable('deals');
    t.integer('section_id').nullable().references('id').inTable('sections');
    t.integer('line_count').notNullable();
    t.string('memo', 500).notNullable();
    t.string('activity_key', 300).notNullable(); // the activity run (workflow id + activity id) that posted it
    t.timestamp('posted_at', { useTz: true }).notNullable();
    t.index(['section_id']);
    t.check('?? >= 2', ['line_count'], 'journal_entries_line_count');
  });

  await knex.schema.createTable('journal_lines', (t) => {
    t.bigIncrements('id').primary();
    t.integer('entry_id').notNullable().references('id').inTable('journal_entries');
    t.integer('line_no').notNullable();
    t.integer('account_id').notNullable().references('id').inTable('ledger_accounts');
    t.bigInteger('amount_fen').notNullable(); // debit > 0, credit < 0
    t.string('memo', 200).notNullable(); // principal | interest | fee
    t.unique(['entry_id', 'line_no']);
    t.index(['account_id']);
    t.check('?? <> 0', ['amount_fen'], 'journal_lines_amount_nonzero');
    t.check('?? >= 1', ['line_no'], 'journal_lines_line_no');
  });

  // 投标保证金: one per section per bidder, cash from the bidder's basic account or an electronic guarantee.
  await knex.schema.createTable('deposits', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.integer('section_id').notNullable().references('id').inTable('sections');
    t.integer('bid_id').notNullable().references('id').inTable('bids');
    t.integer('bidder_subject_id').notNullable().references('id').inTable('subjects');
    t.string('form', 16).notNullable().checkIn(['cash', 'guarantee'], 'deposits_form');
    t.bigInteger('amount_fen').notNullable();
    t.string('paying_account', 64).nullable(); // the account the cash came from (should be the basic account)
    t.string('guarantee_no', 64).nullable(); // 保函编号
    t.string('guarantee_issuer', 200).nullable(); // 出函机构
    t.string('guarantee_valid_from', 10).nullable(); // YYYY-MM-DD, China Standard Time
    t.string('guarantee_valid_until', 10).nullable();
    t.integer('journal_entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.string('collected_key', 300).notNullable().unique();
    t.timestamp('collected_at', { useTz: true }).notNullable();
    t.unique(['section_id', 'bidder_subject_id']);
    t.unique(['guarantee_issuer', 'guarantee_no']);
    t.index(['section_id', 'paying_account']);
    t.index(['deal_id']);
    t.check('?? > 0', ['amount_fen'], 'deposits_amount_positive');
    t.check(
      `(?? = 'cash' and ?? is not null and ?? is not null and ?? is null and ?? is null)
       or (?? = 'guarantee' and ?? is null and ?? is null and ?? is not null and ?? is not null and ?? is not null and ?? is not null and ?? <= ??)`,
      ['form', 'paying_account', 'journal_entry_id', 'guarantee_no', 'guarantee_issuer',
        'form', 'paying_account', 'journal_entry_id', 'guarantee_no', 'guarantee_issuer', 'guarantee_valid_from', 'guarantee_valid_until', 'guarantee_valid_from', 'guarantee_valid_until'],
      'deposits_form_fields',
    );
  });

  // A refund (or, for a guarantee, its release). Unique per deposit: money is never paid back twice.
  await knex.schema.createTable('deposit_refunds', (t) => {
    t.increments('id').primary();
    t.integer('deposit_id').notNullable().unique().references('id').inTable('deposits');
    t.string('reason', 16).notNullable().checkIn(['withdrawal', 'loser', 'winner', 'termination'], 'deposit_refunds_reason');
    t.string('triggered_on', 10).notNullable(); // the day the statutory clock starts (notice received, contract signed …)
    t.string('due_on', 10).notNullable();
    t.string('refunded_on', 10).notNullable();
    t.boolean('on_time').notNullable();
    t.bigInteger('principal_fen').notNullable();
    t.bigInteger('interest_fen').notNullable();
    t.integer('interest_days').notNullable();
    t.integer('annual_rate_ppm').notNullable();
    t.integer('journal_entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.string('refunded_key', 300).notNullable();
    t.timestamp('refunded_at', { useTz: true }).notNullable();
    t.index(['refunded_key']);
    t.check('?? >= 0 and ?? >= 0 and ?? >= 0 and ?? >= 0', ['principal_fen', 'interest_fen', 'interest_days', 'annual_rate_ppm'], 'deposit_refunds_nonnegative');
  });

  // The bank demand-deposit rate refunds carry (银行同期存款利息), as data: the row in force on the refund day.
  await knex.schema.createTable('deposit_interest_rates', (t) => {
    t.increments('id').primary();
    t.string('region_code', 12).nullable().references('code').inTable('regions'); // null: the platform default
    t.string('effective_from', 10).notNullable();
    t.integer('annual_rate_ppm').notNullable(); // parts per million a year: 0.35 % = 3500
    t.string('source', 300).notNullable();
    t.unique(['region_code', 'effective_from']);
    t.check('?? >= 0 and ?? <= 1000000', ['annual_rate_ppm', 'annual_rate_ppm'], 'deposit_interest_rates_range');
  });
  await knex('deposit_interest_rates').insert({
    region_code: null, effective_from: '2015-10-24', annual_rate_ppm: 3500,
    source: '中国人民银行活期存款基准利率 0.35%（2015年10月24日起）；省或市可按开户银行挂牌利率另行配置',
  });

  // 服务费: a progressive (差额定率累进) rate table per procedure kind, as data.
  await knex.schema.createTable('service_fee_schedules', (t) => {
    t.increments('id').primary();
    t.string('procedure_kind', 64).notNullable();
    t.string('region_code', 12).nullable().references('code').inTable('regions'); // null: the platform default
    t.string('effective_from', 10).notNullable();
    t.bigInteger('minimum_fen').nullable();
    t.bigInteger('maximum_fen').nullable();
    t.string('source', 300).notNullable();
    t.unique(['procedure_kind', 'region_code', 'effective_from']);
  });
  await knex.schema.createTable('service_fee_bands', (t) => {
    t.integer('schedule_id').notNullable().references('id').inTable('service_fee_schedules');
    t.bigInteger('from_fen').notNullable();
    t.bigInteger('to_fen').nullable(); // null: no upper bound
    t.integer('rate_ppm').notNullable(); // of the part of the amount inside the band
    t.primary(['schedule_id', 'from_fen']);
    t.check('?? >= 0 and ?? >= 0 and ?? <= 1000000', ['from_fen', 'rate_ppm', 'rate_ppm'], 'service_fee_bands_range');
    t.check('?? is null or ?? > ??', ['to_fen', 'to_fen', 'from_fen'], 'service_fee_bands_order');
  });
  await seedFeeSchedules(knex);

  // Generated documents (notices, letters …): the bytes with their hash; the archive seals them.
  await knex.schema.createTable('documents', (t) => {
    t.increments('id').primary();
    t.string('deal_code', 64).notNullable().references('deal_code').inTable('deals');
    t.string('section_code', 64).nullable().references('section_code').inTable('sections');
    t.integer('subject_id').nullable().references('id').inTable('subjects'); // the addressee, when there is one
    t.string('kind', 32).notNullable(); // award_notice | result_letter | …
    t.string('file_name', 200).notNullable();
    t.string('media_type', 100).notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.binary('content').notNullable();
    t.string('created_key', 300).nullable(); // the activity run that generated it
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['deal_code', 'section_code', 'kind']);
    t.check(pg ? 'octet_length(??) = ??' : 'length(??) = ??', ['content', 'size_bytes'], 'documents_size');
    if (pg) t.check("encode(sha256(??), 'hex') = ??", ['content', 'sha256'], 'documents_sha256');
  });

  // 中标通知书: one award per section; its price also goes to the price library (awarded_prices).
  await knex.schema.createTable('awards', (t) => {
    t.increments('id').primary();
    t.integer('deal_id').notNullable().references('id').inTable('deals');
    t.integer('section_id').notNullable().unique().references('id').inTable('sections');
    t.integer('bid_id').notNullable().references('id').inTable('bids');
    t.integer('winner_subject_id').notNullable().references('id').inTable('subjects');
    t.bigInteger('price_fen').notNullable();
    t.integer('notice_document_id').notNullable().unique().references('id').inTable('documents');
    t.string('notice_sha256', 64).notNullable();
    t.string('notice_date', 10).notNullable();
    t.string('issued_key', 300).notNullable().unique();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.check('?? > 0', ['price_fen'], 'awards_price_positive');
  });
  await knex.schema.createTable('award_result_letters', (t) => {
    t.integer('award_id').notNullable().references('id').inTable('awards');
    t.integer('bidder_subject_id').notNullable().references('id').inTable('subjects');
    t.integer('document_id').notNullable().unique().references('id').inTable('documents');
    t.primary(['award_id', 'bidder_subject_id']);
  });

  await knex.schema.createTable('fee_charges', (t) => {
    t.increments('id').primary();
    t.integer('section_id').notNullable().unique().references('id').inTable('sections');
    t.integer('award_id').notNullable().unique().references('id').inTable('awards');
    t.integer('payer_subject_id').notNullable().references('id').inTable('subjects');
    t.integer('schedule_id').notNullable().references('id').inTable('service_fee_schedules');
    t.bigInteger('base_fen').notNullable();
    t.bigInteger('fee_fen').notNullable();
    t.text('breakdown').notNullable(); // canonical JSON: the part of the base in each band and its fee
    t.integer('journal_entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.string('charged_key', 300).notNullable().unique();
    t.timestamp('charged_at', { useTz: true }).notNullable();
    t.check('?? > 0 and ?? >= 0', ['base_fen', 'fee_fen'], 'fee_charges_amounts');
  });

  if (pg) await ledgerTriggersPostgres(knex);
  else await ledgerTriggersSqlite(knex);
}

async function ledgerTriggersPostgres(knex: Knex): Promise<void> {
  // Checked at commit, once per touched entry: its lines sum to zero and there are exactly line_count of them.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION journal_entry_balanced() RETURNS trigger AS $$
    DECLARE
      entry integer;
      declared integer;
      found integer;
      total numeric;
    BEGIN
      IF TG_TABLE_NAME = 'journal_entries' THEN entry := NEW.id; ELSE entry := NEW.entry_id; END IF;
      SELECT line_count INTO declared FROM journal_entries WHERE id = entry;
      SELECT count(*), coalesce(sum(amount_fen), 0) INTO found, total FROM journal_lines WHERE entry_id = entry;
      IF found <> declared THEN
        RAISE EXCEPTION 'journal entry % has % lines, declared %', entry, found, declared USING ERRCODE = 'check_violation';
      END IF;
      IF total <> 0 THEN
        RAISE EXCEPTION 'journal entry % does not balance: its lines sum to % fen', entry, total USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END;
    $$ LANGUAGE plpgsql`);
  await knex.raw(`CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()`);
  await knex.raw(`CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql`);
  for (const table of ['journal_entries', 'journal_lines', 'deposit_refunds']) {
    await knex.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
  }
}

async function ledgerTriggersSqlite(knex: Knex): Promise<void> {
  // SQLite has no deferred triggers: no line beyond the declared count, and the completing line must balance.
  await knex.raw(`CREATE TRIGGER journal_lines_within_count BEFORE INSERT ON journal_lines
    WHEN NEW.line_no > (SELECT line_count FROM journal_entries WHERE id = NEW.entry_id)
    BEGIN SELECT RAISE(ABORT, 'journal line beyond the entry''s declared line count'); END`);
  await knex.raw(`CREATE TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
    WHEN (SELECT count(*) FROM journal_lines WHERE entry_id = NEW.entry_id) = (SELECT line_count FROM journal_entries WHERE id = NEW.entry_id)
      AND (SELECT sum(amount_fen) FROM journal_lines WHERE entry_id = NEW.entry_id) <> 0
    BEGIN SELECT RAISE(ABORT, 'journal entry does not balance: its lines do not sum to zero'); END`);
  for (const table of ['journal_entries', 'journal_lines', 'deposit_refunds']) {
    await knex.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only (UPDATE refused)'); END`);
    await knex.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only (DELETE refused)'); END`);
  }
}

/**
 * The platform's default service-fee schedules (示范省 demo values in the shape of the national 差额定率累进 agency
 * fee standard): per procedure kind, a rate on the part of the awarded amount inside each band. Provinces replace
 * them with their price bureau's schedule (a row with their region code and an effective date).
 */
async function seedFeeSchedules(knex: Knex): Promise<void> {
  const WAN = 1_000_000; // 1 万元 in fen
  const limits = [100 * WAN, 500 * WAN, 1000 * WAN, 5000 * WAN, 10_000 * WAN, 100_000 * WAN, null];
  const kinds: Array<[string, number[], string]> = [
    ['construction-open-tender', [10_000, 7000, 5500, 3500, 2000, 500, 100], '示范省交易服务费（工程建设，差额定率累进）'],
    ['government-procurement-open', [15_000, 11_000, 8000, 5000, 2500, 500, 100], '示范省交易服务费（政府采购货物，差额定率累进）'],
    ['land-listing', [5000, 3000, 2000, 1000, 500, 200, 100], '示范省交易服务费（土地出让，差额定率累进）'],
  ];
  for (const [procedureKind, rates, source] of kinds) {
    const [row] = await knex('service_fee_schedules').insert({
      procedure_kind: procedureKind, region_code: null, effective_from: '2020-01-01', minimum_fen: null, maximum_fen: null, source,
    }).returning('id');
    const scheduleId = Number(typeof row === 'object' ? row.id : row);
    let from = 0;
    await knex('service_fee_bands').insert(limits.map((to, i) => {
      const band = { schedule_id: scheduleId, from_fen: from, to_fen: to, rate_ppm: rates[i] };
      from = to ?? from;
      return band;
    }));
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const table of ['journal_entries', 'journal_lines', 'deposit_refunds']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`);
    await knex.raw('DROP TRIGGER IF EXISTS journal_entries_balanced ON journal_entries');
    await knex.raw('DROP TRIGGER IF EXISTS journal_lines_balanced ON journal_lines');
    await knex.raw('DROP FUNCTION IF EXISTS ledger_append_only()');
    await knex.raw('DROP FUNCTION IF EXISTS journal_entry_balanced()');
  } else {
    for (const trigger of ['journal_lines_within_count', 'journal_lines_balanced',
      ...['journal_entries', 'journal_lines', 'deposit_refunds'].flatMap((t) => [`${t}_no_update`, `${t}_no_delete`])]) {
      await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
    }
  }
  for (const table of [
    'fee_charges', 'award_result_letters', 'awards', 'documents', 'service_fee_bands', 'service_fee_schedules',
    'deposit_interest_rates', 'deposit_refunds', 'deposits', 'journal_lines', 'journal_entries', 'ledger_accounts',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
