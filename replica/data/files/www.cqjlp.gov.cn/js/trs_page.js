function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) { return; }
  var nCurrIndex = _nCurrIndex || 0;
  if (nCurrIndex == 0) document.write("首页 上一页 ");
  else document.write("<a href=\"" + _sPageName + "." + _sPageExt + "\">首页</a> <a href=\"" + _sPageName
    + (nCurrIndex - 1 == 0 ? "" : "_" + (nCurrIndex - 1)) + "." + _sPageExt + "\">上一页</a> ");
  if (nCurrIndex + 1 < _nPageCount) document.write("<a href=\"" + _sPageName + "_" + (nCurrIndex + 1) + "."
    + _sPageExt + "\">下一页</a> <a href=\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\">尾页</a>");
  else document.write("下一页 尾页");
}
