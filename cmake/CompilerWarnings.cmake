function(atpipe_set_warnings target)
  target_compile_options(${target} INTERFACE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Woverloaded-virtual -Wpedantic)
  if(ATPIPE_WARNINGS_AS_ERRORS)
    target_compile_options(${target} INTERFACE -Werror)
  endif()
endfunction()
