// The notice body is cleaned on the server: what a hostile or careless editor sends never reaches an event.
import { describe, expect, it } from '@jest/globals';
import { sanitizeNoticeBody } from './rich-text';

describe('notice rich text', () => {
  it('keeps the formatting a notice needs', () => {
    const html = '<h3>年审安排</h3><p><strong>一、</strong>材料<em>清单</em></p><ul><li>营业执照</li></ul><table><tr><td colspan="2">表</td></tr></table>';
    expect(sanitizeNoticeBody(html).html).toBe('<h3>年审安排</h3><p><strong>一、</strong>材料<em>清单</em></p><ul><li>营业执照</li></ul><table><tr><td colspan="2">表</td></tr></table>');
  });
  it('drops scripts, styles, handlers, frames, images and forms, with their content where it is code', () => {
    const html = '<p onclick="steal()">正文<script>alert(1)</script><style>p{}</style></p><img src=x onerror=alert(1)><iframe src="https://evil"></iframe><form><input></form><svg><a xlink:href="javascript:alert(1)">x</a></svg>';
    const clean = sanitizeNoticeBody(html);
    // The svg goes; its link stays as text with no address.
    expect(clean.html).toBe('<p>正文</p><a target="_blank" rel="noopener noreferrer">x</a>');
    expect(clean.text).toBe('正文x');
  });
  it('allows only http(s) and mailto links, opened in a new tab without an opener', () => {
    expect(sanitizeNoticeBody('<a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a><a href="//evil.example">c</a>').html).toBe('<a target="_blank" rel="noopener noreferrer">a</a><a target="_blank" rel="noopener noreferrer">b</a><a target="_blank" rel="noopener noreferrer">c</a>');
    expect(sanitizeNoticeBody('<a href="https://rst.guizhou.gov.cn/" onmouseover="x()">人社厅</a>').html).toBe('<a href="https://rst.guizhou.gov.cn/" target="_blank" rel="noopener noreferrer">人社厅</a>');
  });
  it('finds no text in markup alone', () => expect(sanitizeNoticeBody('<p><br></p><div> </div>').text).toBe(''));
});
