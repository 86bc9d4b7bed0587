// The GraphQL explorer for supervisors (督导): GraphiQL 5, self-hosted. React, GraphiQL, its Monaco
// editor, workers and CSS are bundled by Vite into web-admin/dist (explorer.html); nothing comes
// from a CDN. The API serves the page at /explorer only to logged-in users holding explorer:use.
// Queries go to /graphql with the session cookie and the CSRF header, like the console's own.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { GraphiQL } from 'graphiql';
import { createElement, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import { CSRF_HEADER, csrfToken } from '@/api/csrf';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

const DEFAULT_QUERY = `# 贵州省职业能力实名制信息管理系统 · GraphQL 查询工具
#
# 查询只返回您数据权限范围内的记录，与控制台受同样的权限检查。
# 左侧“文档”可浏览全部类型与字段；Ctrl+Enter 执行。

{
  me {
    username
    displayName
    orgName
    roleLabels
  }
}
`;

const fetcher: Fetcher = async (params, options) => {
  const token = csrfToken();
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...(token ? { [CSRF_HEADER]: token } : {}), ...(options?.headers as Record<string, string> | undefined) },
    body: JSON.stringify(params),
  });
  // The session ended (idle timeout, logout elsewhere): log in again and come back here.
  if (response.status === 401) {
    window.location.assign(`/login?redirect=${encodeURIComponent('/explorer')}`);
    return { errors: [{ message: '登录已失效，请重新登录' }] };
  }
  return response.json();
};

const root = document.getElementById('explorer');
if (root) createRoot(root).render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, shouldPersistHeaders: false, defaultEditorToolsVisibility: false }));
