import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web-admin/dist/', 'web-mobile/dist/', '.data/', 'dist/', 'test-artifacts/', 'coverage/', 'bench-results/', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: ['web-admin/**/*.vue', 'web-mobile/**/*.vue'] })),
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The read models' tables are the projections' business: api/ reaches them through
    // projections/<module> (list SQL, record lookups, name joins), never by a table name.
    files: ['api/**/*.ts'],
    ignores: ['api/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Literal[value=/^rm\\./]', message: 'api/ 不直接使用读模型表名：请用 projections/<模块> 中的查询函数' },
        { selector: 'TemplateElement[value.raw=/^rm\\./]', message: 'api/ 不直接使用读模型表名：请用 projections/<模块> 中的查询函数' },
      ],
    },
  },
  {
    files: ['web-admin/**/*.vue', 'web-mobile/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
    rules: {
      // User content is never rendered as HTML.
      'vue/no-v-html': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
    },
  },
);
