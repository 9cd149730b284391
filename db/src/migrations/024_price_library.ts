import type { Knex } from 'knex';

/**
 * Price library (价格信息库), continued. Every award's price now says its procedure kind, category and region and the
 * month it was awarded in (China time), so it can be compared with its peers; a deal may name its category (品目, e.g.
 * 房屋建筑工程 or a 政府采购品目 code). Two imported lists join it: 工程量清单 item prices (GB 50500 twelve-digit item
 * codes) and drug and consumable prices published by other provinces (挂网价). Each import is one file, known by its
 * SHA-256 so a second import of the same file changes nothing; its rows keep their row number in the file.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deals', (t) => {
    t.string('category', 64).nullable();
  });
  await knex.schema.alterTable('awarded_prices', (t) => {
    t.string('region_code', 12).nullable().references('code').inTable('regions');
    t.string('procedure_kind', 64).nullable();
    t.string('category', 64).nullable();
    t.string('period', 7).nullable(); // YYYY-MM, China Standard Time
    t.index(['region_code', 'procedure_kind', 'category']);
  });
  // the awards priced before: their deal's region and procedure, their month in China time
  const rows: Array<{ id: number; awarded_at: string | Date; region_code: string; procedure_kind: string }> = await knex('awarded_prices as p')
    .join('deals as d', 'd.deal_code', 'p.deal_code').select('p.id', 'p.awarded_at', 'd.region_code', 'd.procedure_kind');
  for (const r of rows) {
    const china = new Date(new Date(r.awarded_at).getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    await knex('awarded_prices').where('id', r.id).update({ region_code: r.region_code, procedure_kind: r.procedure_kind, period: china });
  }

  await knex.schema.createTable('price_imports', (t) => {
    t.increments('id').primary();
    t.string('kind', 16).notNullable().checkIn(['bill_items', 'drugs'], 'price_imports_kind');
    t.string('sha256', 64).notNullable();
    t.string('file_name', 255).notNullable();
    t.string('region_code', 12).notNullable().references('code').inTable('regions'); // the importer's city
    t.string('imported_by', 100).notNullable();
    t.integer('row_count').notNullable();
    t.timestamp('imported_at', { useTz: true }).notNullable();
    t.unique(['kind', 'sha256']);
    t.index(['region_code', 'id']);
  });

  await knex.schema.createTable('bill_item_prices', (t) => {
    t.increments('id').primary();
    t.integer('import_id').notNullable().references('id').inTable('price_imports');
    t.integer('row_no').notNullable();
    t.string('item_code', 12).notNullable(); // GB 50500 项目编码: 9 digits of the standard + 3 of the bill
    t.string('item_name', 200).notNullable();
    t.string('unit', 16).notNullable();
    t.double('quantity').notNullable();
    t.bigInteger('unit_price_fen').notNullable(); // 综合单价
    t.string('region_code', 12).notNullable().references('code').inTable('regions');
    t.string('period', 7).notNullable(); // YYYY-MM
    t.string('source', 200).notNullable();
    t.unique(['import_id', 'row_no']);
    t.index(['item_code', 'region_code', 'period']);
  });

  await knex.schema.createTable('drug_prices', (t) => {
    t.increments('id').primary();
    t.integer('import_id').notNullable().references('id').inTable('price_imports');
    t.integer('row_no').notNullable();
    t.string('product_key', 400).notNullable(); // 通用名|剂型|规格, normalised: what prices are compared by
    t.string('generic_name', 200).notNullable();
    t.string('dosage_form', 64).notNullable();
    t.string('specification', 100).notNullable();
    t.string('packaging', 100).notNullable();
    t.string('manufacturer', 200).notNullable();
    t.string('province', 32).notNullable(); // the province that published the price
    t.bigInteger('listed_price_fen').notNullable(); // 挂网价 per package
    t.string('listed_on', 10).notNullable(); // YYYY-MM-DD
    t.string('period', 7).notNullable(); // YYYY-MM
    t.string('region_code', 12).notNullable().references('code').inTable('regions'); // the importing city
    t.string('source', 200).notNullable();
    t.unique(['import_id', 'row_no']);
    t.index(['product_key', 'region_code', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('drug_prices');
  await knex.schema.dropTableIfExists('bill_item_prices');
  await knex.schema.dropTableIfExists('price_imports');
  await knex.schema.alterTable('awarded_prices', (t) => {
    t.dropIndex(['region_code', 'procedure_kind', 'category']);
    t.dropForeign(['region_code']);
    t.dropColumn('region_code'); t.dropColumn('procedure_kind'); t.dropColumn('category'); t.dropColumn('period');
  });
  await knex.schema.alterTable('deals', (t) => { t.dropColumn('category'); });
}
